/**
 * Indexed binary min-heap over typed arrays, for Dijkstra. Items are node numbers 0…capacity−1,
 * keys are distances in metres. Each node is in the heap at most once; `push` on a node already
 * in it lowers its key (decrease-key), so the heap never holds more than `capacity` entries.
 * Allocated once per graph and reused: after a run the heap is empty and every position is −1.
 */
export class NodeHeap {
  private readonly nodes: Int32Array;
  private readonly keys: Float64Array;
  /** Heap slot of each node, −1 when absent. */
  private readonly position: Int32Array;
  private count = 0;

  constructor(capacity: number) {
    this.nodes = new Int32Array(capacity);
    this.keys = new Float64Array(capacity);
    this.position = new Int32Array(capacity).fill(-1);
  }

  get size(): number {
    return this.count;
  }

  /** Inserts `node` with `key`, or lowers its key if it is already queued with a larger one. */
  push(node: number, key: number): void {
    let slot = this.position[node]!;
    if (slot === -1) {
      slot = this.count++;
    } else if (key >= this.keys[slot]!) {
      return;
    }
    this.siftUp(slot, node, key);
  }

  /** Smallest key currently queued (undefined behaviour when empty). */
  peekKey(): number {
    return this.keys[0]!;
  }

  /** Removes and returns the node with the smallest key, −1 when empty. */
  pop(): number {
    if (this.count === 0) return -1;
    const top = this.nodes[0]!;
    this.position[top] = -1;
    const last = --this.count;
    if (last > 0) this.siftDown(0, this.nodes[last]!, this.keys[last]!);
    return top;
  }

  /** Empties the heap (positions of queued nodes are reset; cost proportional to its size). */
  clear(): void {
    for (let i = 0; i < this.count; i++) this.position[this.nodes[i]!] = -1;
    this.count = 0;
  }

  private siftUp(slot: number, node: number, key: number): void {
    const { nodes, keys, position } = this;
    while (slot > 0) {
      const parent = (slot - 1) >> 1;
      const parentKey = keys[parent]!;
      if (parentKey <= key) break;
      const parentNode = nodes[parent]!;
      nodes[slot] = parentNode;
      keys[slot] = parentKey;
      position[parentNode] = slot;
      slot = parent;
    }
    nodes[slot] = node;
    keys[slot] = key;
    position[node] = slot;
  }

  private siftDown(slot: number, node: number, key: number): void {
    const { nodes, keys, position } = this;
    const n = this.count;
    for (;;) {
      let child = 2 * slot + 1;
      if (child >= n) break;
      let childKey = keys[child]!;
      const right = child + 1;
      if (right < n && keys[right]! < childKey) {
        child = right;
        childKey = keys[right]!;
      }
      if (childKey >= key) break;
      const childNode = nodes[child]!;
      nodes[slot] = childNode;
      keys[slot] = childKey;
      position[childNode] = slot;
      slot = child;
    }
    nodes[slot] = node;
    keys[slot] = key;
    position[node] = slot;
  }
}
