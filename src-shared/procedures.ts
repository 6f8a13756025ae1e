// The input and output types of every procedure, for typed clients (the renderer's `call`).
// The procedures are defined once, in src-main/api/procedures/; their types reach this module
// by declaration merging: src-main/api/procedures/index.ts augments `ProcedureTypes` with
// what it derives from the definitions. So clients import only src-shared/, and src-shared/
// imports nothing from the main side, yet a procedure's types cannot drift from its schemas.

/** Procedure name → `{ input, output }` (z.input of the input schema, z.output of the output schema). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging from src-main/api/procedures/index.ts
export interface ProcedureTypes {}

export type ProcedureName = keyof ProcedureTypes;
export type InputOf<N extends ProcedureName> = ProcedureTypes[N]['input'];
export type OutputOf<N extends ProcedureName> = ProcedureTypes[N]['output'];
