import type { NetworkHints } from '@edgeplay/core';

/** The part of the Network Information API read here (Chromium; absent in Firefox and Safari). */
interface NetworkInformationLike {
  /** Effective downlink, Mbit/s, rounded to 25 kbit/s and capped at 10 by the spec. */
  downlink?: number;
  /** True when the user asked for reduced data use. */
  saveData?: boolean;
}

/** {@link NetworkHints} from `navigator.connection`; no hint where the API is missing. */
export class NetworkInformationHints implements NetworkHints {
  downlinkBps(): number | undefined {
    const connection = (globalThis.navigator as { connection?: NetworkInformationLike } | undefined)?.connection;
    const mbps = connection?.downlink;
    return typeof mbps === 'number' && Number.isFinite(mbps) && mbps > 0 ? mbps * 1e6 : undefined;
  }
}
