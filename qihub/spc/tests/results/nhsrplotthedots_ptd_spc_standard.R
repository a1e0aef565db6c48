# The series and the reference results of test_nhsrplotthedots.py.
#
# NHSRplotthedots 0.2.2, tests/testthat/test-ptd_spc_standard.R, builds this series and
# snapshots ptd_spc_standard()'s result in tests/testthat/_snaps/ptd_spc_standard.md (glimpse
# of r1, r2 and r3). Run with R >= 3.6 (RNGkind: Mersenne-Twister, Inversion, Rejection) and
# NHSRplotthedots 0.2.2. See README.md for which numbers in the committed files came from R.
library(NHSRplotthedots)
library(jsonlite)

set.seed(123)
data <- data.frame(
  x = as.Date("2020-01-01") + 1:20,
  y = rnorm(20),
  rebase = 0,
  target = as.double(NA)
)
write.csv(
  data.frame(x = data$x, y = format(data$y, digits = 17)),
  "nhsrplotthedots_ptd_spc_standard.csv",
  row.names = FALSE, quote = FALSE
)

spc_options <- list(value_field = "y", date_field = "x", screen_outliers = TRUE)
r1 <- NHSRplotthedots:::ptd_spc_standard(data, spc_options)
outlier <- data
outlier$y[15] <- 10
r2 <- NHSRplotthedots:::ptd_spc_standard(outlier, spc_options)
r3 <- NHSRplotthedots:::ptd_spc_standard(
  outlier, modifyList(spc_options, list(screen_outliers = FALSE))
)
limits <- function(r) list(mean = r$mean_col[[1]], lpl = r$lpl[[1]], upl = r$upl[[1]])
write_json(
  list(
    rnorm = list(y = data$y),
    screened = limits(r1),
    outlier_screened = limits(r2),
    outlier_unscreened = limits(r3),
    relative_to_mean = r1$relative_to_mean[1:15],
    point_types = as.list(table(NHSRplotthedots::ptd_spc(data, y, x)$point_type))
  ),
  "nhsrplotthedots_ptd_spc_standard.json",
  auto_unbox = TRUE, digits = NA, pretty = TRUE
)
