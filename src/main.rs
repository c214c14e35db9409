//! The `renfort` command. Kept thin: flags are parsed and validated in `cli`, the work is
//! done by the library.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
