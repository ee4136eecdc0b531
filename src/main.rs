//! `detasim`: a thin command line over the library. See `detasim --help`.

use clap::Parser;

fn main() {
    let cli = detasim::cli::Cli::parse();
    if let Err(e) = detasim::cli::main_with(cli) {
        eprintln!("error: {e}");
        std::process::exit(e.exit_code());
    }
}
