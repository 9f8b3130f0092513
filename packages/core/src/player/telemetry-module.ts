/** The telemetry module of the full player (`PlayerComponents.telemetry`). */
import { TelemetryReporter } from '../qoe/telemetry-reporter.js';
import type { TelemetryModule } from './player-components.js';
import { bindTelemetry } from './telemetry-binding.js';

/** QoE beacons to `telemetry.endpoint` through a `TelemetryReporter`; nothing when no endpoint is set. */
export const defaultTelemetryModule: TelemetryModule = {
  start({ engine, clock, config, player }) {
    if (!config.endpoint) return null;
    const reporter = new TelemetryReporter({ engine, clock, endpoint: config.endpoint, batchMs: config.batchMs, ...(config.headers ? { headers: config.headers } : {}), ...(config.sessionId ? { sessionId: config.sessionId } : {}) });
    const unbind = bindTelemetry(player, reporter, clock, config.heartbeatMs);
    return {
      sessionId: reporter.sessionId,
      stop: () => {
        unbind();
        void reporter.stop();
      },
    };
  },
};
