import * as inner from './count-d1-entry.mjs';
export * from './count-d1-entry.mjs';

function wrapStub(stub, name, calls) {
  return new Proxy(stub, {
    get(target, prop) {
      const value = Reflect.get(target, prop);
      if (typeof prop !== 'string' || prop === 'then' || prop === 'fetch' || typeof value !== 'function') return value;
      return (...args) => {
        const key = name + '.' + prop;
        calls[key] = (calls[key] ?? 0) + 1;
        // Not value.apply(): on an RPC stub, .apply would itself be a remote property.
        return target[prop](...args);
      };
    },
  });
}

function wrapNamespace(ns, name, calls) {
  return new Proxy(ns, {
    get(target, prop) {
      const value = Reflect.get(target, prop);
      if (prop === 'getByName' || prop === 'get') return (...args) => wrapStub(target[prop](...args), name, calls);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

export default {
  ...inner.default,
  async fetch(request, env, ctx) {
    const calls = {};
    const wrapped = { ...env, CART: wrapNamespace(env.CART, 'CART', calls), INVENTORY: wrapNamespace(env.INVENTORY, 'INVENTORY', calls) };
    const res = await inner.default.fetch(request, wrapped, ctx);
    const out = new Response(res.body, res);
    out.headers.set('x-bench-do-calls', JSON.stringify(calls));
    return out;
  },
};
