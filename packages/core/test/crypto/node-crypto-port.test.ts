import { NodeCryptoPort } from '../../../sim/src/node-crypto-port.js';
import { describePortConformance } from './port-conformance.js';

describePortConformance('NodeCryptoPort', () => new NodeCryptoPort());
