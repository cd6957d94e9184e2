/**
 * One worker process of the province benchmark: generates each county it is given (not timed), then
 * computes it as the service would — walking network (graph and snap index), indicators, coverage,
 * the stored summary record and outline — timed, and sends them back. Ends with its peak RSS.
 */
import { JurisdictionAnalysis } from '../../../server/analysis/analysis-service.js';
import { countySummaryRecord } from '../../../server/analysis/summary.js';
import { PROVINCE, syntheticCounty } from './synthetic-province.js';

process.on('message', (message: { counties: number[] }) => {
  let computeMs = 0;
  let edges = 0;
  for (const index of message.counties) {
    const data = syntheticCounty(index);
    const started = performance.now();
    const analysis = new JurisdictionAnalysis(data);
    const record = countySummaryRecord(analysis, PROVINCE.year);
    const outlineStarted = performance.now();
    const { outline } = analysis;
    const outlineMs = performance.now() - outlineStarted;
    const ms = performance.now() - started;
    computeMs += ms;
    edges += 2 * (analysis.network.graph?.segmentCount ?? 0);
    process.send!({ kind: 'county', id: data.id, index, ms, outlineMs, record, outline, units: data.populationUnits.length });
  }
  process.send!({ kind: 'done', computeMs, edges, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }, () => process.exit(0));
});
