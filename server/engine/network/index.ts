/**
 * The walking network: geodesic lengths, the CSR graph over typed arrays, snapping points to the nearest
 * walkable segment, the bounded bucket-queue search and service areas (Valhalla's loki + thor).
 * Units: metres and WGS84 lon/lat; nothing here knows townships, facilities' slots or years.
 */
export * from './dijkstra.js';
export * from './geodesy.js';
export * from './graph.js';
export * from './heap.js';
export * from './service-area.js';
export * from './snap.js';
export * from './walk-network.js';
export * from './walkable.js';
