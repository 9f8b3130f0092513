/** Codec probes: `MediaSource.isTypeSupported` and `MediaCapabilities.decodingInfo` (media-source), HDR included. */
import { passed, unsupported, wrong, type Probe } from './probe.js';

/** The codec probe table. */
export const codecProbes: Record<string, Probe> = {
  'codec-is-type-supported': async (args) => {
    if (!globalThis.MediaSource) return unsupported('no MediaSource');
    const mime = String(args.mime);
    return MediaSource.isTypeSupported(mime) ? passed({ mime }) : unsupported(`isTypeSupported('${mime}') = false`);
  },
  'codec-media-capabilities': async (args) => {
    const mc = navigator.mediaCapabilities;
    if (!mc?.decodingInfo) return unsupported('no MediaCapabilities');
    const mime = String(args.mime);
    const config: MediaDecodingConfiguration = args.media === 'audio'
      ? { type: 'media-source', audio: { contentType: mime, channels: '2', bitrate: 128_000, samplerate: 48_000 } }
      : {
        type: 'media-source',
        video: {
          contentType: mime, width: 1920, height: 1080, bitrate: 5_000_000, framerate: 25,
          ...(args.transfer ? { transferFunction: args.transfer as TransferFunction, colorGamut: 'rec2020' as ColorGamut, ...(args.transfer === 'pq' ? { hdrMetadataType: 'smpteSt2086' as HdrMetadataType } : {}) } : {}),
        },
      };
    let info: MediaCapabilitiesDecodingInfo;
    try {
      info = await mc.decodingInfo(config);
    } catch (e) {
      // A TypeError here means the browser does not know a field (older HDR dictionaries): a capability gap, not a bug.
      return unsupported(`decodingInfo threw ${(e as Error).name}: ${(e as Error).message}`);
    }
    const detail = { supported: info.supported, smooth: info.smooth, powerEfficient: info.powerEfficient };
    if (!info.supported) return unsupported(`decodingInfo: not supported`, detail);
    // Claiming decode support that MSE then refuses is wrong behaviour: a player trusting either would break.
    if (globalThis.MediaSource && !MediaSource.isTypeSupported(mime)) return wrong(`MediaCapabilities says supported, MediaSource.isTypeSupported('${mime}') says no`, detail);
    return passed(detail);
  },
};
