//! The sandbox makes room in `RLIMIT_NOFILE` for its runs' open files, or
//! says it cannot. Its own test binary: it changes the process's limits.

use nix::sys::resource::{Resource, getrlimit, setrlimit};
use sandbox::{Error, Sandbox, SandboxConfig};

fn sandbox_for(runs: u32) -> Result<Sandbox, Error> {
    Sandbox::new(&SandboxConfig {
        max_concurrent_runs: runs,
        ..SandboxConfig::default()
    })
}

#[test]
fn the_soft_limit_is_raised_for_the_pool_and_a_low_hard_limit_is_refused() {
    // The common default: a soft limit of 1024 under a higher hard one.
    setrlimit(Resource::RLIMIT_NOFILE, 1024, 4096).unwrap();
    sandbox_for(2).expect("two runs fit in 4096 descriptors");
    assert_eq!(getrlimit(Resource::RLIMIT_NOFILE).unwrap(), (4096, 4096));

    // Four runs of up to 1024 files each do not.
    let refused = sandbox_for(4).unwrap_err();
    assert!(matches!(refused, Error::InvalidConfig(_)), "{refused}");
    assert!(refused.to_string().contains("RLIMIT_NOFILE"), "{refused}");
}
