/** An error that stops start-up with one clear sentence for the person running the server. */
export class StartupError extends Error {}
