//! APIs people already use, spoken by this judge: Judge0 CE and Piston v2.
//! Same keys, roles and rate limits as the native API (`X-Auth-Token` works;
//! `anonymous_role` lets credential-less Piston clients in).

pub(crate) mod judge0;
pub(crate) mod piston;
