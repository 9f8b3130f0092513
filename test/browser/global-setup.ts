/**
 * Browser test setup. Placeholder until the reference server lands (issue 3):
 * it will generate fixtures when missing, start @edgeplay/server on a free
 * loopback port and `provide('serverUrl', ...)` to the tests.
 */
export default async function setup(): Promise<void> {}
