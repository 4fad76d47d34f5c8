"""`import-schema`: a JSON Schema or OpenAPI document -> a spec. `document` loads and checks the document,
`graph` is the only importer of datamodel-code-generator (its parsers' model graph), `mapping` and `types`
turn that graph into spec fields and models, `keywords` reads what the document says beside the types
(descriptions, defaults, patterns, formats...) wherever it sits."""
