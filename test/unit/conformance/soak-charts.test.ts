import { describe, expect, it } from 'vitest';
import type { StoredResult, StoredSample } from '../../../packages/server/src/conformance/conformance-result.js';
import { scriptJson, soakCharts, soakSection } from '../../../packages/server/src/conformance/soak-charts.js';

const sample = (t: number, extra: Partial<StoredSample> = {}): StoredSample => ({ t, heapBytes: (20 + t / 10) * 1048576, bufferedSeconds: 12, droppedFrames: t / 5, totalFrames: t * 25, stalls: t >= 20 ? 1 : 0, sourceBuffers: 2, sbRanges: 2, sbBufferedSeconds: 40, sbBytes: 8 * 1048576, ...extra });

describe('soak charts', () => {
  it('one chart per measured figure, stalls as markers where the count rose', () => {
    const { charts, missing } = soakCharts([0, 5, 10, 15, 20, 25].map((t) => sample(t)));
    expect(charts.map((c) => c.label)).toEqual(['JS heap', 'SourceBuffer bytes', 'buffer', 'SourceBuffer ranges', 'dropped frames']);
    expect(missing).toEqual([]);
    expect(charts[0]!.series[0]!.values[5]).toBeCloseTo(22.5);
    expect(charts[1]!.series[0]!.values[0]).toBe(8);
    expect(charts[0]!.stalls).toEqual([20]);
  });

  it('a device without performance.memory or MSE meter gets no empty chart, and the page says what is missing', () => {
    const { charts, missing } = soakCharts([0, 5].map((t) => sample(t, { heapBytes: null, sbBytes: undefined, sbRanges: undefined, sbBufferedSeconds: undefined })));
    expect(charts.map((c) => c.label)).toEqual(['buffer', 'dropped frames']);
    expect(missing).toEqual(['JS heap', 'SourceBuffer bytes', 'SourceBuffer ranges']);
  });

  it('the section embeds the data as script-safe JSON and one canvas per chart', () => {
    const r = { session: 's', device: { userAgent: 'UA', platform: 'Linux', label: '' }, receivedAt: 0, caseId: 'soak/x</script><b>', category: 'endurance', title: 't', player: 'edgeplay', status: 'pass', reason: '', durationMs: 1, metrics: { samples: [sample(0), sample(5)] } } satisfies StoredResult;
    const html = soakSection([r], () => 'run');
    expect(html.match(/<canvas data-chart="\d+"/g)).toHaveLength(5);
    expect(html).not.toContain('</script><b>');
    expect(scriptJson({ a: '</script>' })).toBe('{"a":"\\u003c/script>"}');
    const json = html.match(/<script type="application\/json" id="soak-data">(.*?)<\/script>/s)![1]!;
    expect(JSON.parse(json)).toHaveLength(5);
  });
});
