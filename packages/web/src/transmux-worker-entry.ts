/**
 * The transmux Web Worker script (dist/edgeplay-transmux-worker.js, built as
 * its own file so pages that never meet MPEG-TS never load it). It answers the
 * {@link TransmuxWorkerClient} of `worker-transmuxer-port.ts`.
 */
import { installTransmuxWorker, type MessagePortLike } from './transmux-worker.js';

installTransmuxWorker(self as unknown as MessagePortLike);
