import { DEFAULT_SCALE, parseOptions } from '../../bench/options';

describe('npm run bench -- --scale', () => {
  it('runs the issue sizes when given without a list, also before another option', () => {
    expect(parseOptions(['--scale']).scale).toEqual(DEFAULT_SCALE);
    expect(parseOptions(['--scale', '--keep']).scale).toEqual([1_000, 10_000, 30_000]);
    expect(parseOptions(['--scale', '--keep']).keep).toBe(true);
  });

  it('takes its own sizes, with the samples per read series', () => {
    const options = parseOptions(['--scale', '200,500', '--samples', '50']);
    expect(options.scale).toEqual([200, 500]);
    expect(options.samples).toBe(50);
  });

  it('is off unless asked for', () => {
    expect(parseOptions([]).scale).toBeUndefined();
  });

  it.each([
    [['--scale', '500,200'], /must increase/],
    [['--scale', '200,200'], /must increase/],
    [['--scale', '200,x'], /bad size 'x'/],
    [['--scale', '0,10'], /bad size '0'/],
    [['--scale', '--only', 'B2'], /runs on its own/],
    [['--scale', '--quick'], /runs on its own/],
  ])('refuses %j with a message naming the problem', (argv, message) => {
    expect(() => parseOptions(argv)).toThrow(message);
  });
});
