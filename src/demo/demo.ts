export async function startDemo(..._args: unknown[]): Promise<void> {}
