/**
 * Bounded Dijkstra over the walking graph, from one or many snapped sources at once.
 *
 * A source snapped at fraction f on segment (u → v) of length L seeds node u with leg + f·L and
 * node v with leg + (1 − f)·L (DATA_FORMAT.md: the source's own leg counts). One multi-source run
 * gives every node its distance to the nearest source and which source that is. Nodes farther
 * than maxDistanceM are never queued, so a run costs only what it reaches.
 *
 * Points between nodes (snapped targets, including one on a source's own segment) are evaluated
 * in walk-network.ts from these node distances.
 *
 * The queue is a ring of buckets of width W metres (Dial's algorithm), W being the graph's median
 * segment length but at least MIN_BUCKET_WIDTH_M: a node is filed under floor(d / W) and the
 * buckets are emptied in order. A node settled from bucket b reaches its neighbours over segments
 * of W or more in a later bucket; over a shorter segment it may reach one in the bucket being
 * emptied, even one already settled from it, which is then lowered and settled again (label
 * correcting). Either way the distances are exact: the same least fixed point
 * d(v) = min over u of d(u) + length(u, v) as with a binary heap, bit for bit. Compared with that
 * heap, the queue has no comparisons to mispredict: a catchment from a new place each time takes
 * about 40 % less time on the benchmark city (test/bench/RESULTS.md). The median rather than the
 * shortest segment: on OpenStreetMap's Monaco (segments from 1 cm, median 12.7 m), 1 km catchments
 * took 9 µs with W = 12.7 m and 18 µs with W = 1 m, most of whose 1,000 buckets were empty.
 */
import type { WalkGraph } from './graph.js';
import type { SnappedPoint } from './snap.js';

/**
 * The result of a run: node distances are read where the search left them, in the workspace's
 * search records, so that a catchment costs nothing beyond the search itself. Valid until the
 * workspace's next run.
 */
export class NetworkDistances {
  /** @internal Built by boundedDistances only. */
  constructor(
    private readonly recordStart: Uint32Array,
    private readonly recordWords: Float64Array,
    /** Nearest source by node, meaningful only where the distance is finite; null when there was one source. */
    private readonly sourceByNode: Int32Array | null,
    private readonly onlySource: number,
    /** The nodes reached (finite distance), in no particular order. */
    readonly reachedNodes: Int32Array,
  ) {}

  /** Walking distance in metres from the nearest source to `node`; Infinity if not reached within the bound. */
  distanceM(node: number): number {
    return this.recordWords[this.recordStart[node]!]!;
  }

  /** Index (into the run's `sources`) of the nearest source of `node`; −1 if not reached. */
  nearestSource(node: number): number {
    if (this.recordWords[this.recordStart[node]!] === Infinity) return -1;
    return this.sourceByNode === null ? this.onlySource : this.sourceByNode[node]!;
  }
}

/**
 * Reusable buffers for repeated runs on one graph (e.g. one facility's catchment after another).
 * Between runs only the records the previous run touched are reset, so a small catchment on a
 * large graph costs only its own size. Results returned with a workspace read from it, and are
 * valid until its next run.
 */
export interface DijkstraWorkspace {
  graph: WalkGraph;
  /** This workspace's copy of graph.searchRecords: tentative distances live at each record's head. */
  recordWords: Float64Array;
  /** The same memory as 32-bit halves: node numbers, degrees and neighbour offsets. */
  recordHalves: Uint32Array;
  /** Nearest source by node in a multi-source run, written at each improvement (no reset needed: see NetworkDistances). */
  sourceByNode: Int32Array;
  queue: BucketQueue;
  /** Nodes given a finite distance by the last run; first `touchedCount` entries are valid. */
  touched: Int32Array;
  /** Their search records (word offsets), in the same order. */
  touchedRecords: Uint32Array;
  touchedCount: number;
}

export function createDijkstraWorkspace(graph: WalkGraph): DijkstraWorkspace {
  const records = graph.searchRecords.slice(0);
  return {
    graph,
    recordWords: new Float64Array(records),
    recordHalves: new Uint32Array(records),
    sourceByNode: new Int32Array(graph.nodeCount),
    queue: createBucketQueue(graph),
    touched: new Int32Array(graph.nodeCount),
    touchedRecords: new Uint32Array(graph.nodeCount),
    touchedCount: 0,
  };
}

/**
 * Walking distance in metres from the nearest source to every node, up to maxDistanceM
 * (inclusive). Unreached nodes have Infinity and source −1. Null entries in `sources` (points
 * that could not be snapped) are skipped but keep their index, so `nearestSource` always indexes
 * the caller's array. Without `work` a fresh workspace is used.
 *
 * Between sources exactly as near, the one with the lower index is a node's nearest source (so
 * the answer does not depend on the order nodes are settled in; sources are the facilities in the
 * order of their layer).
 *
 * The search runs on the workspace's search records (graph.ts): a node is known there by the word
 * offset of its record. With a single source the nearest source of every reached node is that
 * source, so nothing is written per node for it.
 */
export function boundedDistances(
  graph: WalkGraph,
  sources: readonly (SnappedPoint | null)[],
  maxDistanceM: number,
  work?: DijkstraWorkspace,
): NetworkDistances {
  const ws = work ?? createDijkstraWorkspace(graph);
  if (ws.graph !== graph) throw new Error('boundedDistances: the workspace belongs to another graph');
  const { recordWords, recordHalves, sourceByNode, queue, touched, touchedRecords } = ws;
  for (let i = 0; i < ws.touchedCount; i++) recordWords[touchedRecords[i]!] = Infinity;
  fitRingToSources(queue, graph, sources, maxDistanceM);
  const { heads, ringMask, perMetre } = queue;
  let { entryRecord, entryDistanceM, entryNext } = queue;
  let entries = 0;
  let queued = 0;
  let touchedCount = 0;
  const { segmentFrom, segmentTo, segmentLengthM, searchRecordStart } = graph;
  let onlySource = -1;
  let sourceCount = 0;
  for (let i = 0; i < sources.length; i++) {
    if (sources[i] == null) continue;
    onlySource = i;
    sourceCount++;
  }
  const trackSources = sourceCount > 1;
  // Seeds: both ends of each source's segment, at leg + the walk along the segment.
  let firstBucket = Infinity;
  for (let i = 0; i < sources.length; i++) {
    const source = sources[i];
    if (source == null) continue;
    const lengthM = segmentLengthM[source.segment]!;
    for (let end = 0; end < 2; end++) {
      const d = source.legM + (end === 0 ? source.fraction : 1 - source.fraction) * lengthM;
      const record = searchRecordStart[(end === 0 ? segmentFrom : segmentTo)[source.segment]!]!;
      const current = recordWords[record]!;
      if (d > maxDistanceM || d >= current) continue;
      if (current === Infinity) touchedRecords[touchedCount++] = record;
      recordWords[record] = d;
      sourceByNode[recordHalves[2 * record + 2]!] = i;
      if (entries === entryRecord.length) ({ entryRecord, entryDistanceM, entryNext } = growBucketQueue(queue, entries));
      const bucket = (d * perMetre) | 0;
      firstBucket = Math.min(firstBucket, bucket);
      entryRecord[entries] = record;
      entryDistanceM[entries] = d;
      entryNext[entries] = heads[bucket & ringMask]!;
      heads[bucket & ringMask] = entries++;
      queued++;
    }
  }

  for (let bucket = firstBucket; queued > 0; bucket++) {
    const slot = bucket & ringMask;
    for (let entry = heads[slot]!; entry !== -1; entry = heads[slot]!) {
      heads[slot] = entryNext[entry]!;
      queued--;
      const record = entryRecord[entry]!;
      const d = entryDistanceM[entry]!;
      if (d > recordWords[record]!) continue; // stale: the record was lowered after this entry was filed
      const source = trackSources ? sourceByNode[recordHalves[2 * record + 2]!]! : onlySource;
      const degree = recordHalves[2 * record + 3]!;
      const lengths = record + 2;
      const neighbours = 2 * (lengths + degree);
      for (let j = 0; j < degree; j++) {
        const nd = d + recordWords[lengths + j]!;
        if (nd > maxDistanceM) continue;
        const next = recordHalves[neighbours + j]!;
        const current = recordWords[next]!;
        if (nd >= current) {
          // As near as it already is: only a lower-numbered source takes it over (and passes it on).
          if (nd > current || !trackSources || source >= sourceByNode[recordHalves[2 * next + 2]!]!) continue;
        }
        if (current === Infinity) touchedRecords[touchedCount++] = next;
        recordWords[next] = nd;
        if (trackSources) sourceByNode[recordHalves[2 * next + 2]!] = source;
        // File the neighbour in its bucket (entries are never removed, only skipped when stale).
        if (entries === entryRecord.length) ({ entryRecord, entryDistanceM, entryNext } = growBucketQueue(queue, entries));
        const nextSlot = ((nd * perMetre) | 0) & ringMask;
        entryRecord[entries] = next;
        entryDistanceM[entries] = nd;
        entryNext[entries] = heads[nextSlot]!;
        heads[nextSlot] = entries++;
        queued++;
      }
    }
  }

  // Every touched record was settled (its distance is within the bound), so touched = reached.
  for (let i = 0; i < touchedCount; i++) touched[i] = recordHalves[2 * touchedRecords[i]! + 2]!;
  ws.touchedCount = touchedCount;
  return new NetworkDistances(
    searchRecordStart,
    recordWords,
    trackSources ? sourceByNode : null,
    onlySource,
    touched.subarray(0, touchedCount),
  );
}

/** Bucket width never below this (metres), whatever the median segment: fewer, fuller buckets to scan. */
const MIN_BUCKET_WIDTH_M = 1;

/**
 * The bucket ring of a workspace. Bucket b holds the entries at distances in [b·W, (b + 1)·W),
 * in ring slot b mod ringSize, as a linked list through the entry arrays. The ring spans at least
 * the spread of a run's seeds plus one longest segment, so the entries queued at any moment never
 * share a slot with another bucket's (fitRingToSources). Were they to (a seed beyond
 * MAX_RING_SLOTS), an entry would be taken a round early; label correcting keeps the distances
 * exact even then, at the cost of settling some nodes twice.
 */
export interface BucketQueue {
  /** 1 / W. */
  perMetre: number;
  ringMask: number;
  /** First entry of each ring slot, −1 when empty (every slot is empty between runs). */
  heads: Int32Array;
  entryRecord: Uint32Array;
  entryDistanceM: Float64Array;
  /** Next entry in the same slot, −1 at the end. */
  entryNext: Int32Array;
}

/** The ring never grows beyond this many slots (16 MB); see BucketQueue. */
const MAX_RING_SLOTS = 1 << 22;

function createBucketQueue(graph: WalkGraph): BucketQueue {
  const widthM = Math.max(MIN_BUCKET_WIDTH_M, graph.medianSegmentM);
  const capacity = 1024;
  const queue: BucketQueue = {
    perMetre: 1 / widthM,
    ringMask: 1,
    heads: new Int32Array(2).fill(-1),
    entryRecord: new Uint32Array(capacity),
    entryDistanceM: new Float64Array(capacity),
    entryNext: new Int32Array(capacity),
  };
  fitRing(queue, graph.longestSegmentM);
  return queue;
}

/** Grows the (empty) ring to span at least `spanM` metres plus two buckets, up to MAX_RING_SLOTS. */
function fitRing(queue: BucketQueue, spanM: number): void {
  const needed = Math.min(MAX_RING_SLOTS, Math.ceil(spanM * queue.perMetre) + 2);
  if (needed <= queue.ringMask + 1) return;
  let ringSize = queue.ringMask + 1;
  while (ringSize < needed) ringSize *= 2;
  queue.heads = new Int32Array(ringSize).fill(-1);
  queue.ringMask = ringSize - 1;
}

/**
 * Makes the ring span this run's seeds: a source seeds the ends of its segment at distances
 * between its leg and its leg plus the segment's length, and while the first seeds are settled
 * the last ones still wait, one longest segment ahead of the wave at most.
 */
function fitRingToSources(queue: BucketQueue, graph: WalkGraph, sources: readonly (SnappedPoint | null)[], maxDistanceM: number): void {
  let nearestM = Infinity;
  let farthestM = -Infinity;
  for (const source of sources) {
    if (source == null || source.legM > maxDistanceM) continue;
    nearestM = Math.min(nearestM, source.legM);
    farthestM = Math.max(farthestM, Math.min(maxDistanceM, source.legM + graph.segmentLengthM[source.segment]!));
  }
  if (farthestM > nearestM) fitRing(queue, farthestM - nearestM + graph.longestSegmentM);
}

/** Doubles the entry arrays, keeping the first `count` entries; returns the queue. */
function growBucketQueue(queue: BucketQueue, count: number): BucketQueue {
  const capacity = queue.entryRecord.length * 2;
  const entryRecord = new Uint32Array(capacity);
  entryRecord.set(queue.entryRecord.subarray(0, count));
  const entryDistanceM = new Float64Array(capacity);
  entryDistanceM.set(queue.entryDistanceM.subarray(0, count));
  const entryNext = new Int32Array(capacity);
  entryNext.set(queue.entryNext.subarray(0, count));
  queue.entryRecord = entryRecord;
  queue.entryDistanceM = entryDistanceM;
  queue.entryNext = entryNext;
  return queue;
}
