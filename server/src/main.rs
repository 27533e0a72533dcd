use clap::Parser;

fn main() -> std::process::ExitCode {
    specls::cli::run(specls::cli::Cli::parse())
}
