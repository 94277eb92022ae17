import { z } from 'zod';
import { commandSchemas, whyCommandIsMalformed } from '../../domain';
import { lazySchema } from '../../domain/lazy-schema';

describe('schemas built on first use (domain/lazy-schema.ts)', () => {
  test('when a lazy schema is only declared or put inside another, then it is not built; once used, it is built once', () => {
    const build = jest.fn((zod: typeof z) => zod.string().min(2));
    const name = lazySchema(build);
    const person = lazySchema((zod) => zod.strictObject({ name }));
    expect(build).not.toHaveBeenCalled();
    expect(person.safeParse({ name: 'Al' }).success).toBe(true);
    expect(person.safeParse({ name: 'A' }).success).toBe(false);
    expect(name.parse('Bea')).toBe('Bea');
    expect(build).toHaveBeenCalledTimes(1);
  });

  test('when a lazy schema is used like the schema itself, then it answers as the schema does (methods, shape, instanceof)', () => {
    const eager = z.strictObject({ id: z.string(), count: z.number().int().optional() });
    const lazy = lazySchema((zod) => zod.strictObject({ id: z.string(), count: z.number().int().optional() }));
    expect(lazy).toBeInstanceOf(z.ZodObject);
    expect(Object.keys(lazy.shape)).toEqual(Object.keys(eager.shape));
    for (const input of [{ id: 'a' }, { id: 'a', count: 1.5 }, { id: 1 }, { id: 'a', extra: true }])
      expect(lazy.safeParse(input).success).toBe(eager.safeParse(input).success);
    expect(lazy.extend({ more: z.boolean() }).safeParse({ id: 'a', more: true }).success).toBe(true);
    expect(z.toJSONSchema(lazy)).toEqual(z.toJSONSchema(eager));
  });

  test("when the domain's command schemas are lazy, then a command is still checked field by field", () => {
    expect(Object.keys(commandSchemas.refuse.shape)).toEqual(expect.arrayContaining(['type', 'reason']));
    expect(whyCommandIsMalformed({ type: 'refuse' })).toMatchObject({ code: 'invalidCommand', path: ['reason'] });
    expect(whyCommandIsMalformed({ type: 'refuse', reason: 'Not consistent with the HImP' })).toBeUndefined();
  });
});

describe('a lazy schema in a preloaded module (worker/workflow-bundle.ts)', () => {
  test('when the workflow sandbox freezes it with the rest of what domain/ exports, then nothing is built or frozen, and the schema answers as the schema', () => {
    const build = jest.fn((zod: typeof z) => zod.strictObject({ id: zod.string() }));
    const lazy = lazySchema(build);
    // The SDK's freeze lists each exported value's members and freezes them, then freezes the value,
    // passing over a value that refuses.
    expect(Object.getOwnPropertyNames(lazy)).toEqual([]);
    expect(() => Object.freeze(lazy)).toThrow(TypeError);
    expect(build).not.toHaveBeenCalled();
    expect('shape' in lazy).toBe(true);
    expect(lazy).toBeInstanceOf(z.ZodObject);
    expect(lazy.describe('an id').description).toBe('an id');
    expect(Object.keys(lazy)).toEqual(expect.arrayContaining(['def', 'describe']));
    expect(lazy.safeParse({ id: 'a' }).success).toBe(true);
    expect(lazy.safeParse({ id: 1 }).success).toBe(false);
    expect(Object.isFrozen(lazy.shape)).toBe(false);
  });
});
