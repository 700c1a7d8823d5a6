// Starts dynalite (a DynamoDB API written by others) for one test: in memory, on a port the system
// chooses, which it prints as "dynalite listening on port <n>" (its own CLI would take 4567 for --port 0).
// Tables are created, deleted and updated at once rather than after dynalite's default half second.
// It exits when its input ends: when the test closes it, or when the JVM that started it dies.
const dynalite = require('dynalite');

const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
server.listen(0, '127.0.0.1', () => console.log('dynalite listening on port ' + server.address().port));
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
