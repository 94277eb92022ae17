/** A typed "no" from the domain: which rule refused, in plain language, and where the rule comes from. */
export interface Refusal {
  /** Stable camelCase code; the workflow uses it as the ApplicationFailure type. */
  code: string;
  /** Plain-language explanation for the person who asked. */
  message: string;
  /** The rule's source with its provenance marker, e.g. 'SI 2000/617 reg 7(2) [V]'. */
  citation: string;
  /** Where in the input the problem is, when it concerns one field. */
  path?: (string | number)[];
}

/** Builds a Refusal, leaving `path` out when it is not given so the object stays JSON-clean. */
export function refusal(code: string, message: string, citation: string, path?: (string | number)[]): Refusal {
  return path === undefined ? { code, message, citation } : { code, message, citation, path };
}
