// ws scenario, CommonJS under `--require`.
require('./ws-routes.cjs')(require('ws'));
