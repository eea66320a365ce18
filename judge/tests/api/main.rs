//! API tests: each starts the real `judge serve` on port 0 with a temp data
//! dir ([`app::App`]) and talks HTTP to it, as a client would.

mod app;

mod auth;
mod compat;
mod conformance;
mod errors;
mod faults;
mod hidden;
mod hostile_packages;
mod hostile_requests;
mod limits;
mod load;
mod observability;
mod pad_work;
mod pads;
mod problems;
mod recovery;
mod runs;
mod security;
mod session;
mod submissions;
mod webhooks;
