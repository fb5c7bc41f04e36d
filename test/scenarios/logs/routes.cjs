// Routes shared by the logs scenario apps (CommonJS so the ESM apps can load it too). Secrets are fake.
const FAKE_TOKEN = 'sk_live_FAKE0000000000000000000000';
const FAKE_PASSWORD = 'hunter2-fake-password';

module.exports = function createHandler({ logger, ownLogger, securityEvent, getRequestId }) {
  return async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    const marker = url.searchParams.get('marker') || 'none';
    switch (url.pathname) {
      case '/log':
        logger.info({ marker, password: FAKE_PASSWORD, order: { id: 42 } }, `order paid with ${FAKE_TOKEN} ${marker}`);
        logger.warn({ marker }, `second line ${marker}`);
        break;
      case '/own':
        ownLogger.info({ marker, password: FAKE_PASSWORD }, `own pino ${FAKE_TOKEN} ${marker}`);
        break;
      case '/security':
        securityEvent('login.failed', { username: 'ann.example', reason: 'bad_password', marker });
        break;
      case '/fail':
        await new Promise((resolve) => setTimeout(resolve, 1));
        throw new Error(`charge failed api_key=${FAKE_TOKEN} ${marker}`);
      case '/crash':
        setTimeout(() => {
          logger.info({ marker }, `before crash ${marker}`);
          throw new Error(`crash api_key=${FAKE_TOKEN} ${marker}`);
        }, 5);
        break;
      default:
        res.statusCode = 404;
    }
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ requestId: getRequestId() || null }));
  };
};
