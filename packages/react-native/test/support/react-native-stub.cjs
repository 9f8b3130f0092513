// CommonJS twin of react-native-stub.ts for libraries that require('react-native') natively
/* global module */
// (@testing-library/react-native's build is CommonJS, so Vite aliases never see its requires).
'use strict';
function flatten(style) {
  if (!style) return {};
  if (Array.isArray(style)) return Object.assign({}, ...style.map(flatten));
  return style;
}
const StyleSheet = { flatten, create: (s) => s };
module.exports = { View: 'View', Text: 'Text', StyleSheet, Platform: { OS: 'android', select: (o) => o.android ?? o.default } };
