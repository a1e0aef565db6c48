import re
from collections.abc import Callable

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's compressed, hashed static files, tolerant of missing source maps.

    wagtail-nhsuk-frontend's CSS ends with a sourceMappingURL comment naming a .map file that
    the package does not ship; Django's manifest storage would refuse to collect it. A missing
    source map only affects browser developer tools, so the reference is left as it is.
    """

    def url_converter(  # type: ignore[no-untyped-def]
        self, name, hashed_files, template=None
    ) -> Callable[[re.Match[str]], str]:
        convert = super().url_converter(name, hashed_files, template)

        def converter(match: re.Match[str]) -> str:
            try:
                return convert(match)
            except ValueError:
                if match.groupdict()["url"].strip().endswith(".map"):
                    return match.groupdict()["matched"]
                raise

        return converter
