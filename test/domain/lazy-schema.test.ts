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
