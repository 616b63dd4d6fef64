/**
 * Where a running server leaves the token of its operator routes, in its data folder: the server
 * writes it (app.ts), operator commands read it to act through the server. A module of its own so
 * that an operator command finds it without loading the server.
 */
export const OPERATOR_TOKEN_FILE = "operator-token";
