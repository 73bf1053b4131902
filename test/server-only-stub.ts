// Outside Next.js nothing sets the "react-server" condition, so tests stand in for `server-only`.
export {};
