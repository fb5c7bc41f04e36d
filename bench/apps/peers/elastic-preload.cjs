// Elastic's APM agent started first, every transaction kept, sending to the benchmark's local sink
// (no central config, cloud metadata or metrics requests: only the events themselves).
require('elastic-apm-node').start({
  serviceName: 'bench-peers',
  serverUrl: process.env.ELASTIC_APM_SERVER_URL,
  transactionSampleRate: 1,
  centralConfig: false,
  cloudProvider: 'none',
  metricsInterval: '0s',
  logLevel: 'off',
});
