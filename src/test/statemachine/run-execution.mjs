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
// The KeepVideo Task state invokes the keeping function the same way. The mock event server serves one
// handler, so when an execution names "handlers" ({"CheckStatus": "veo-status", "KeepVideo": "veo-keep"}),
// each Task's event is sent as {"handler": <name>, "event": <payload>} to the tests' router handler, which
// hands it to the handler of that name. "substitutions" ({"KeepVideosOfTasks": "*"}) are put in place of
// ${...} in the definition as CloudFormation's DefinitionSubstitutions do; without them the file runs as it is.
//
// Usage: node -r ./polyfill.cjs run-execution.mjs, with VEO_STATUS_LAMBDA_URL (the mock event server) set.
// It reads one execution per line of its input, {"definition": "<file>", "input": "<input as JSON text>",
// "waitMs": <each WaitBeforeNextPoll and WaitFor1080p, instead of the advised seconds>, optionally
// "substitutions" and "handlers"}, and answers each with one line:
// {"outcome": "SUCCEEDED"|"FAILED"|"INVALID", "output" | "error" and "cause", "outputBytes" (UTF-8 bytes of
// the output, as Step Functions measures payloads), "invocations" (in the order made: {"taskId", "state",
// "answer": the status, or KEPT / AWAITING_1080P from the keeping function, or the errorType}),
// "mostInvocationsAtOnce"}. One process serves a whole test class, so that Node.js starts once.
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
function invoker(state, handler) {
  return (parameters) => invokeFunction(state, handler, parameters);
}

async function invokeFunction(state, handler, parameters) {
  invocationsNow++;
  mostInvocationsAtOnce = Math.max(mostInvocationsAtOnce, invocationsNow);
  try {
    const event = handler ? { handler, event: parameters.Payload } : parameters.Payload;
    const response = await fetch(lambdaUrl, { method: 'POST', body: JSON.stringify(event) });
    const text = await response.text();
    const body = JSON.parse(text);
    const taskId = parameters.Payload?.taskId ?? null;
    if (response.status !== 200) {
      invocations.push({ taskId, state, answer: body.errorType });
      const error = new Error(text);
      error.name = body.errorType;
      throw error;
    }
    const kept = body.done === true ? 'KEPT' : 'AWAITING_1080P';
    invocations.push({ taskId, state, answer: body.status ?? (body.hd ? kept : null) });
    // The shape of arn:aws:states:::lambda:invoke's result, which OutputPath "$.Payload" unwraps.
    return { ExecutedVersion: '$LATEST', StatusCode: 200, Payload: body };
  } finally {
    invocationsNow--;
  }
}

// Validating a definition takes about a second; each file is read and validated once per set of substitutions.
const stateMachines = new Map();
function stateMachine(definitionPath, substitutions) {
  const key = definitionPath + JSON.stringify(substitutions ?? {});
  if (!stateMachines.has(key)) {
    let text = readFileSync(definitionPath, 'utf8');
    for (const [name, value] of Object.entries(substitutions ?? {})) {
      text = text.replaceAll('${' + name + '}', value);
    }
    const definition = JSON.parse(text);
    const { isValid, errorsText } = validate(definition);
    stateMachines.set(key, isValid ? new StateMachine(definition) : errorsText('; '));
  }
  return stateMachines.get(key);
}

async function execute({ definition: definitionPath, input, waitMs, substitutions, handlers }) {
  const machine = stateMachine(definitionPath, substitutions);
  if (typeof machine === 'string') {
    return { outcome: 'INVALID', errors: machine };
  }
  invocations = [];
  mostInvocationsAtOnce = 0;
  const execution = machine.run(JSON.parse(input), {
    overrides: {
      taskResourceLocalHandlers: {
        CheckStatus: invoker('CheckStatus', handlers?.CheckStatus),
        KeepVideo: invoker('KeepVideo', handlers?.KeepVideo),
      },
      waitTimeOverrides: { WaitBeforeNextPoll: waitMs ?? 0, WaitFor1080p: waitMs ?? 0 },
      retryIntervalOverrides: { CheckStatus: 0, KeepVideo: 0 },
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
