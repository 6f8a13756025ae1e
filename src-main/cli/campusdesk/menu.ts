export async function runMenu(_o: unknown): Promise<number> { return 0; }
