// Runs the state machine definition, unchanged, in aws-local-stepfunctions (an Amazon States Language
// interpreter written by others), after validating it with asl-validator. The Task state invokes the
// real veo-status function through the Lambda mock event server of the running @QuarkusTest; its
// failures are raised with the function's errorType as the error name, as Step Functions does.
//
// Usage: node -r ./polyfill.cjs run-execution.mjs <definition.json> <input JSON>
// Environment: VEO_STATUS_LAMBDA_URL (the mock event server), WAIT_MS (each Wait, default 0).
// Prints one JSON line: {"outcome": "SUCCEEDED"|"FAILED"|"INVALID", ...}.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { StateMachine } from 'aws-local-stepfunctions';

const require = createRequire(import.meta.url);
const aslValidator = require('asl-validator');

const [definitionPath, input] = process.argv.slice(2);
const lambdaUrl = process.env.VEO_STATUS_LAMBDA_URL;
const waitMs = Number(process.env.WAIT_MS ?? '0');
const definition = JSON.parse(readFileSync(definitionPath, 'utf8'));

const validate = aslValidator.default ?? aslValidator;
const { isValid, errorsText } = validate(definition);
if (!isValid) {
  console.log(JSON.stringify({ outcome: 'INVALID', errors: errorsText('; ') }));
  process.exit(2);
}

const invocations = [];
async function invokeFunction(parameters) {
  const response = await fetch(lambdaUrl, { method: 'POST', body: JSON.stringify(parameters.Payload) });
  const body = await response.json();
  if (response.status !== 200) {
    invocations.push(body.errorType);
    const error = new Error(`${body.errorType}: ${body.errorMessage}`);
    error.name = body.errorType;
    throw error;
  }
  invocations.push(body.status);
  // The shape of arn:aws:states:::lambda:invoke's result, which OutputPath "$.Payload" unwraps.
  return { ExecutedVersion: '$LATEST', StatusCode: 200, Payload: body };
}

const stateMachine = new StateMachine(definition);
const execution = stateMachine.run(JSON.parse(input), {
  overrides: {
    taskResourceLocalHandlers: { CheckStatus: invokeFunction },
    waitTimeOverrides: { WaitBeforeNextPoll: waitMs },
    retryIntervalOverrides: { CheckStatus: 0 },
  },
});
try {
  const output = await execution.result;
  console.log(JSON.stringify({ outcome: 'SUCCEEDED', output, invocations }));
} catch (failure) {
  const cause = failure.cause ?? failure;
  console.log(JSON.stringify({ outcome: 'FAILED', error: cause.name, cause: cause.message, invocations }));
}
