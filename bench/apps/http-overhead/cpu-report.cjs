// For the startup benchmark: answers an IPC 'cpu' message with the CPU time this process has used so far
// (user + system, all threads, µs), which machine load disturbs less than wall time does.
process.on('message', (message) => {
  if (message === 'cpu' && process.send) {
    const { user, system } = process.cpuUsage();
    process.send({ cpuMicros: user + system });
  }
});
// The listener must not keep an app alive that would otherwise exit.
process.channel?.unref();
