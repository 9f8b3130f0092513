import { webcrypto } from 'node:crypto';
import { WebCryptoPort } from '../src/webcrypto-port.js';
import { describePortConformance } from '../../core/test/crypto/port-conformance.js';

// Node's WebCrypto implements the same W3C API as browsers, so the padding-block trick is checked here too.
describePortConformance('WebCryptoPort', () => new WebCryptoPort(webcrypto.subtle as unknown as SubtleCrypto));
