import { NodeCryptoPort } from '../../src/sim/node-crypto-port.js';
import { describePortConformance } from './port-conformance.js';

describePortConformance('NodeCryptoPort', () => new NodeCryptoPort());
