// Runs a state machine definition, unchanged, in aws-local-stepfunctions (an Amazon States Language
// interpreter written by others), after validating it with asl-validator. Every Task state named
// CheckStatus, in the machine or in a Map's item processor, invokes the real veo-status function through
// the Lambda mock event server of the running @QuarkusTest. A function error is raised as Step Functions
// raises it: the function's errorType is the error name, and Lambda's error document (the body the
// function answered, {"errorType", "errorMessage"}) is the cause.
//
// A Map state's item processor runs for each item inside this process, with ItemsPath, ItemSelector and
// MaxConcurrency(Path) applied; the interpreter ignores ProcessorConfig, so a Distributed Map's children
// are nested runs here, not separate Standard executions, and ToleratedFailure* has no effect (every
// child failure would fail the Map).
//
// Usage: node -r ./polyfill.cjs run-execution.mjs, with VEO_STATUS_LAMBDA_URL (the mock event server) set.
// It reads one execution per line of its input, {"definition": "<file>", "input": "<input as JSON text>",
// "waitMs": <each WaitBeforeNextPoll, instead of the advised seconds>}, and answers each with one line:
// {"outcome": "SUCCEEDED"|"FAILED"|"INVALID", "output" | "error" and "cause", "outputBytes" (UTF-8 bytes of
// the output, as Step Functions measures payloads), "invocations" (in the order made: {"taskId", "answer":
// the status or errorType}), "mostInvocationsAtOnce"}. One process serves a whole test class, so that
// Node.js starts once.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { StateMachine } from 'aws-local-stepfunctions';

const require = createRequire(import.meta.url);
const aslValidator = require('asl-validator');

const lambdaUrl = process.env.VEO_STATUS_LAMBDA_URL;
const validate = aslValidator.default ?? aslValidator;

let invocations = [];
let invocationsNow = 0;
let mostInvocationsAtOnce = 0;
async function invokeFunction(parameters) {
  invocationsNow++;
  mostInvocationsAtOnce = Math.max(mostInvocationsAtOnce, invocationsNow);
  try {
    const response = await fetch(lambdaUrl, { method: 'POST', body: JSON.stringify(parameters.Payload) });
    const text = await response.text();
    const body = JSON.parse(text);
    const taskId = parameters.Payload?.taskId ?? null;
    if (response.status !== 200) {
      invocations.push({ taskId, answer: body.errorType });
      const error = new Error(text);
      error.name = body.errorType;
      throw error;
    }
    invocations.push({ taskId, answer: body.status });
    // The shape of arn:aws:states:::lambda:invoke's result, which OutputPath "$.Payload" unwraps.
    return { ExecutedVersion: '$LATEST', StatusCode: 200, Payload: body };
  } finally {
    invocationsNow--;
  }
}

// Validating a definition takes about a second; each file is read and validated once.
const stateMachines = new Map();
function stateMachine(definitionPath) {
  if (!stateMachines.has(definitionPath)) {
    const definition = JSON.parse(readFileSync(definitionPath, 'utf8'));
    const { isValid, errorsText } = validate(definition);
    stateMachines.set(definitionPath, isValid ? new StateMachine(definition) : errorsText('; '));
  }
  return stateMachines.get(definitionPath);
}

async function execute({ definition: definitionPath, input, waitMs }) {
  const machine = stateMachine(definitionPath);
  if (typeof machine === 'string') {
    return { outcome: 'INVALID', errors: machine };
  }
  invocations = [];
  mostInvocationsAtOnce = 0;
  const execution = machine.run(JSON.parse(input), {
    overrides: {
      taskResourceLocalHandlers: { CheckStatus: invokeFunction },
      waitTimeOverrides: { WaitBeforeNextPoll: waitMs ?? 0 },
      retryIntervalOverrides: { CheckStatus: 0 },
    },
  });
  try {
    const output = await execution.result;
    const outputBytes = Buffer.byteLength(JSON.stringify(output), 'utf8');
    return { outcome: 'SUCCEEDED', output, outputBytes, invocations, mostInvocationsAtOnce };
  } catch (failure) {
    const cause = failure.cause ?? failure;
    return { outcome: 'FAILED', error: cause.name, cause: cause.message, invocations, mostInvocationsAtOnce };
  }
}

// One execution at a time, in the order asked; the process ends when its input does.
for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  if (line.trim() !== '') {
    console.log(JSON.stringify(await execute(JSON.parse(line))));
  }
}
