// hls.js's CEA-608 parser, the oracle of text/cea608-hlsjs-crosscheck.test.ts. hls.js neither exports it
// nor ships a build of it, so vitest loads its TypeScript source; this file is plain JS with a sibling
// .d.ts so that tsc reads that declaration instead of type-checking hls.js's sources (~380 errors under
// our strict settings; skipLibCheck covers .d.ts files only).
export { default } from '../../../../node_modules/hls.js/src/utils/cea-608-parser.ts';
