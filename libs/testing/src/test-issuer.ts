// The stand-in issuer lives beside the verifier it serves (libs/auth); tests take it from here.
export { startTestIssuer, type TestIssuer } from '../../auth/src/testing/test-issuer.js';
