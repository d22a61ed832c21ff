//! Running the programme: directives and the tasks and targets they set,
//! annual plans, and the figures computed against them.

pub mod directive;
