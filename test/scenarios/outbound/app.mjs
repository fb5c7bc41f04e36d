// Outbound scenario app, ESM (run with --import @faultline/node/instrument).
import { remoteService } from '@faultline/node';
import routes from './routes.cjs';

routes.listen(remoteService);
