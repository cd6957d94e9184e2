/**
 * The map canvas as a PNG with the township names painted in: they are HTML markers
 * (layers/township-labels.ts), not part of the WebGL canvas, so a plain canvas copy would print a map
 * without place names. Call while the canvas holds a frame (in a 'render' handler).
 */
export function canvasWithLabels(mapCanvas: HTMLCanvasElement, container: HTMLElement): string {
  const ratio = mapCanvas.width / (mapCanvas.clientWidth || mapCanvas.width);
  const canvas = document.createElement('canvas');
  canvas.width = mapCanvas.width;
  canvas.height = mapCanvas.height;
  const context = canvas.getContext('2d')!;
  context.drawImage(mapCanvas, 0, 0);
  const origin = mapCanvas.getBoundingClientRect();
  context.font = `600 ${12 * ratio}px system-ui, sans-serif`;
  context.textAlign = 'center';
  context.textBaseline = 'middle';
  context.lineJoin = 'round';
  for (const label of container.querySelectorAll<HTMLElement>('.township-label')) {
    const box = label.getBoundingClientRect();
    // Hidden labels (layer off: no box; overlapping a more populous township's name: hidden) stay off paper too.
    if (box.width === 0 || !label.textContent || getComputedStyle(label).visibility === 'hidden') continue;
    const x = (box.left + box.width / 2 - origin.left) * ratio;
    const y = (box.top + box.height / 2 - origin.top) * ratio;
    context.lineWidth = 3 * ratio;
    context.strokeStyle = '#ffffff';
    context.strokeText(label.textContent, x, y);
    context.fillStyle = '#102a43';
    context.fillText(label.textContent, x, y);
  }
  return canvas.toDataURL('image/png');
}
