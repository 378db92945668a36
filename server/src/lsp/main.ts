/**
 * The language server's entry point (`dist/server.js`): `--stdio`,
 * `--node-ipc` or `--socket=<port>`, as the client chooses. It only creates
 * the connection; `server.ts` does the wiring.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

const connection = createConnection(ProposedFeatures.all);

// A bug in one request must not end the session: log it and keep serving.
process.on('uncaughtException', (error) => connection.console.error(`Uncaught exception: ${error.stack ?? error.message}`));
process.on('unhandledRejection', (reason) => connection.console.error(`Unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`));

startServer(connection);
connection.listen();
