import { describe, expect, it } from 'vitest';
import { BufferManager } from '../../src/media/buffer-manager.js';
import { MediaError } from '../../src/errors/media-error.js';
import { EdgeplayError } from '../../src/errors/edgeplay-error.js';
import type { BufferedRanges, SinkBuffer } from '../../src/platform/media-sink.js';

/** A buffer whose operations take a while and record overlap. */
class SlowBuffer implements SinkBuffer {
  readonly type = 'video' as const;
  log: string[] = [];
  active = 0;
  maxActive = 0;
  ranges: { start: number; end: number }[] = [];
  failNext: unknown[] = [];
  private async op(name: string): Promise<void> {
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    this.log.push(`start ${name}`);
    await new Promise((r) => setTimeout(r, 2));
    this.active--;
    const fail = this.failNext.shift();
    if (fail) throw fail;
    this.log.push(`end ${name}`);
  }
  append(data: ArrayBuffer | Uint8Array): Promise<void> {
    return this.op(`append ${(data as Uint8Array)[0]}`);
  }
  remove(start: number, end: number): Promise<void> {
    this.ranges = this.ranges.filter((r) => r.end <= start || r.start >= end);
    return this.op(`remove ${start}-${end}`);
  }
  abort(): Promise<void> {
    return this.op('abort');
  }
  changeType(mime: string): Promise<void> {
    return this.op(`changeType ${mime}`);
  }
  buffered(): BufferedRanges {
    return this.ranges;
  }
}

describe('BufferManager', () => {
  it('serialises appends, removes and changeType (never two at once, in call order)', async () => {
    const sb = new SlowBuffer();
    const bm = new BufferManager(sb, 'video/mp4; codecs="avc1"', { playhead: () => 0 });
    await Promise.all([
      bm.appendSegment(new Uint8Array([1]), {}),
      bm.remove(0, 5),
      bm.setType('video/mp4; codecs="hvc1"'),
      bm.setType('video/mp4; codecs="hvc1"'), // unchanged: no second changeType
      bm.appendSegment(new Uint8Array([2]), {}),
    ]);
    expect(sb.maxActive).toBe(1);
    expect(sb.log.filter((l) => l.startsWith('end'))).toEqual(['end append 1', 'end remove 0-5', 'end changeType video/mp4; codecs="hvc1"', 'end append 2']);
  });

  it('a failed operation does not block the queue and is typed', async () => {
    const sb = new SlowBuffer();
    const bm = new BufferManager(sb, 'video/mp4', { playhead: () => 0 });
    sb.failNext.push(new Error('decode failed'));
    const first = bm.appendSegment(new Uint8Array([1]), {}).catch((e: unknown) => e);
    const second = bm.appendSegment(new Uint8Array([2]), {});
    const err = await first;
    await second;
    expect(err).toBeInstanceOf(MediaError);
    expect((err as MediaError).code).toBe('MEDIA_APPEND_FAILED');
    expect(sb.log).toContain('end append 2');
  });

  it('on QuotaExceeded evicts behind the playhead, lowers the goal via the hook, and retries once', async () => {
    const sb = new SlowBuffer();
    sb.ranges = [{ start: 0, end: 40 }];
    let hookAhead = -1;
    const bm = new BufferManager(sb, 'video/mp4', { playhead: () => 30, onQuotaExceeded: (a) => (hookAhead = a) });
    sb.failNext.push(new EdgeplayError('media', 'QUOTA_EXCEEDED', 'full'));
    await bm.appendSegment(new Uint8Array([7]), {});
    expect(sb.log).toContain('end remove 0-29');
    expect(sb.log.at(-1)).toBe('end append 7');
    expect(hookAhead).toBeGreaterThanOrEqual(0); // the hook ran (it was -1)
  });

  it('two quota failures in a row surface a recoverable QUOTA_EXCEEDED MediaError', async () => {
    const sb = new SlowBuffer();
    const bm = new BufferManager(sb, 'video/mp4', { playhead: () => 0 });
    const quota = { name: 'QuotaExceededError', message: 'full' };
    sb.failNext.push(quota, quota);
    const err = (await bm.appendSegment(new Uint8Array([1]), {}).catch((e: unknown) => e)) as MediaError;
    expect(err.code).toBe('QUOTA_EXCEEDED');
    expect(err.severity).toBe('recoverable');
  });

  it('remembers the init segment and forgets it on flush', async () => {
    const sb = new SlowBuffer();
    const bm = new BufferManager(sb, 'video/mp4', { playhead: () => 0 });
    await bm.appendInit('v1|init.mp4|', new Uint8Array([0]));
    expect(bm.currentInit).toBe('v1|init.mp4|');
    await bm.flush();
    expect(bm.currentInit).toBeNull();
  });
});
