// The port, over IPC when the benchmark started the app (its stdout is then discarded at no cost).
function announce(server) {
  const port = server.address().port;
  if (process.send) process.send({ listening: port });
  else process.stdout.write(`LISTENING ${port}\n`);
}

module.exports = { announce };
