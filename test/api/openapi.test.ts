import { buildOpenApiDocument } from '../../api/openapi';
import { ERROR_STATUS } from '../../api/errors';
import { REFUSAL_CODE_LIST, REFUSAL_CODES } from '../../domain';

interface CodeComponent {
  enum: string[];
  description: string;
}

describe('the OpenAPI document lists every error code', () => {
  const schemas = buildOpenApiDocument().components?.schemas as unknown as Record<'RefusalCode' | 'ApiErrorCode', CodeComponent>;

  test('when the document is generated, then RefusalCode lists exactly the domain’s refusal codes, each with its citation', () => {
    expect([...schemas.RefusalCode.enum].sort()).toEqual([...REFUSAL_CODE_LIST].sort());
    for (const code of REFUSAL_CODE_LIST)
      expect(schemas.RefusalCode.description).toContain(`\`${code}\`: ${REFUSAL_CODES[code].description}`);
  });

  test('when the document is generated, then ApiErrorCode lists the API’s own codes that reach a body', () => {
    expect([...schemas.ApiErrorCode.enum].sort()).toEqual(
      Object.keys(ERROR_STATUS)
        .filter((c) => c !== 'ruleRefused')
        .sort(),
    );
  });
});
