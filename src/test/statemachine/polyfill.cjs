// aws-local-stepfunctions 3 calls Promise.withResolvers, which Node.js has from version 22 on.
// Loaded with `node -r` so that the interpreter runs on Node.js 20 too.
if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function withResolvers() {
    let resolve;
    let reject;
    const promise = new Promise((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}
