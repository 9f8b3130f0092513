/** requestVideoFrameCallback: metadata for presented frames while a clip plays. */
import { passed, unsupported, wrong, type Probe } from './probe.js';

/** The video-frame probe table. */
export const frameProbes: Record<string, Probe> = {
  rvfc: async (_a, env) => {
    if (!('requestVideoFrameCallback' in HTMLVideoElement.prototype)) return unsupported('no HTMLVideoElement.requestVideoFrameCallback');
    const v = document.createElement('video');
    v.muted = true;
    env.stage.append(v);
    try {
      const ms = new MediaSource();
      v.src = URL.createObjectURL(ms);
      await new Promise((r) => ms.addEventListener('sourceopen', r, { once: true }));
      const sb = ms.addSourceBuffer('video/mp4; codecs="avc1.64000d"');
      for (const part of ['init.mp4', 'seg-1.m4s']) {
        const data = await (await fetch(`${env.origin}/media/vod/video/v300/${part}`)).arrayBuffer();
        await new Promise((r) => (sb.addEventListener('updateend', r, { once: true }), sb.appendBuffer(data)));
      }
      const meta = new Promise<VideoFrameCallbackMetadata | null>((resolve) => {
        v.requestVideoFrameCallback((_now, m) => resolve(m));
        setTimeout(() => resolve(null), 5_000);
      });
      await v.play().catch(() => undefined);
      const m = await meta;
      if (!m) return wrong('no frame callback within 5 s of play()');
      return m.presentedFrames > 0 && m.width > 0 ? passed({ presentedFrames: m.presentedFrames, width: m.width, height: m.height }) : wrong(`odd metadata ${JSON.stringify(m)}`);
    } finally {
      v.remove();
    }
  },
};
