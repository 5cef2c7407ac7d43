/** How the realtime gateway learns who is on the other end of a socket (provided by auth). */
export const SOCKET_AUTHENTICATOR = Symbol('SOCKET_AUTHENTICATOR');

export interface SocketViewer {
  id: string;
  role: string;
  siteId: string | null;
  /** Rooms the socket joins so the end of its login (logout, deactivation) can close it. */
  rooms?: string[];
  /** When the login ends by itself: the socket is closed then. */
  expiresAt?: Date;
}

export interface SocketAuthenticator {
  fromToken(token: string | undefined): Promise<SocketViewer | null>;
  /** Roles that may watch a site's live feed. */
  canWatch(viewer: SocketViewer): boolean;
}
