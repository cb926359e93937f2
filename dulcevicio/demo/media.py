"""Demo media made at seed time with Pillow: photo-like pastry pictures, covers and books.

Nothing binary is committed; the same generator feeds the recipe-book benchmark.
"""

from __future__ import annotations

import io
import logging
import os
import random
import subprocess
import tempfile
from dataclasses import replace

import sqlalchemy as sa

from dulcevicio.extensions import db
from dulcevicio.models import Course, Recipe
from dulcevicio.services.kitchen.parser import parse_recipe
from dulcevicio.services.media import uploads
from dulcevicio.services.recipe_book import rebuild_recipe_book

log = logging.getLogger(__name__)
DEMO_VIDEO_SECONDS = 20

PALETTES = [
    ((236, 214, 190), (150, 92, 60), (245, 240, 232), (214, 64, 110)),  # bread and berries
    ((250, 225, 235), (120, 70, 45), (255, 252, 248), (200, 40, 90)),  # macarons
    ((232, 222, 210), (86, 50, 32), (248, 245, 240), (240, 170, 60)),  # chocolate and caramel
    ((220, 236, 228), (170, 120, 80), (255, 255, 255), (90, 150, 110)),  # pistachio
]


def pastry_photo(seed: int, size: tuple[int, int] = (1600, 1200), grain: int = 18) -> bytes:
    """A JPEG that looks enough like a food photo: a plate, a layered cake, crumbs, grain."""
    from PIL import Image, ImageDraw, ImageFilter  # lazy: the CLI loads this module

    rng = random.Random(seed)  # noqa: S311 (pictures, not secrets)
    table, cake, cream, accent = PALETTES[seed % len(PALETTES)]
    width, height = size
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    image = Image.blend(Image.new("RGB", size, table), image, 0.18)
    draw = ImageDraw.Draw(image)
    plate = (width * 0.14, height * 0.2, width * 0.86, height * 0.92)
    draw.ellipse([c + 18 for c in plate], fill=tuple(int(v * 0.8) for v in table))  # shadow
    draw.ellipse(plate, fill=(250, 250, 248), outline=(225, 225, 222), width=max(2, width // 300))
    left, right = width * 0.3, width * 0.7
    for layer in range(rng.randint(3, 5)):
        top = height * (0.36 + 0.075 * layer)
        colour = cream if layer % 2 else cake
        draw.rounded_rectangle(
            (left, top, right, top + height * 0.085), radius=width // 80, fill=colour
        )
    draw.ellipse((left, height * 0.3, right, height * 0.42), fill=cream)
    for _ in range(rng.randint(25, 60)):
        x, y = rng.uniform(left, right), rng.uniform(height * 0.29, height * 0.4)
        r = rng.uniform(width * 0.004, width * 0.012)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=accent)
    for _ in range(rng.randint(80, 160)):  # crumbs on the plate
        x, y = rng.uniform(plate[0], plate[2]), rng.uniform(height * 0.7, plate[3] - 20)
        r = rng.uniform(1, width * 0.004)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=cake)
    image = image.filter(ImageFilter.GaussianBlur(radius=max(1, width // 900)))
    if grain:
        noise = Image.effect_noise(size, grain).convert("RGB")
        image = Image.blend(image, noise, 0.12)
    output = io.BytesIO()
    image.save(output, "JPEG", quality=92)
    return output.getvalue()


def _cover_canvas(size, table, seed):
    from PIL import Image

    gradient = Image.linear_gradient("L")
    if seed % 2:
        gradient = gradient.transpose(Image.Transpose.ROTATE_90)
    image = gradient.resize(size).convert("RGB")
    return Image.blend(Image.new("RGB", size, table), image, 0.22)


def _draw_loaves(draw, size, rng) -> None:
    """Sourdough loaves on a board: domes with a scored ear and flour dust."""
    width, height = size
    draw.rounded_rectangle(
        (width * 0.08, height * 0.62, width * 0.92, height * 0.9), radius=30, fill=(150, 105, 65)
    )
    for index, centre in enumerate((0.3, 0.66)):
        x, w = width * centre, width * (0.2 if index else 0.23)
        top, bottom = height * (0.28 + 0.06 * index), height * 0.72
        draw.ellipse((x - w, top, x + w, bottom + height * 0.1), fill=(176, 110, 52))
        draw.ellipse((x - w * 0.9, top + 8, x + w * 0.85, bottom), fill=(196, 132, 68))
        draw.arc(
            (x - w * 0.6, top + height * 0.05, x + w * 0.5, bottom - height * 0.05),
            200,
            330,
            fill=(245, 225, 190),
            width=max(4, width // 160),
        )
        for _ in range(120):
            fx, fy = rng.uniform(x - w * 0.8, x + w * 0.8), rng.uniform(top, top + height * 0.15)
            draw.point((fx, fy), fill=(250, 245, 235))


def _draw_macarons(draw, size, rng) -> None:
    """Rows of macarons in pastel colours, and an éclair across the front."""
    width, height = size
    colours = [(240, 170, 190), (200, 225, 170), (250, 215, 150), (200, 180, 230), (160, 205, 225)]
    radius = width * 0.07
    for row in range(2):
        for column in range(5):
            x = width * (0.18 + column * 0.16 + row * 0.08)
            y = height * (0.3 + row * 0.2)
            colour = colours[(column + row * 2) % len(colours)]
            shade = tuple(int(v * 0.85) for v in colour)
            draw.ellipse(
                (x - radius, y - radius * 0.55, x + radius, y + radius * 0.25), fill=colour
            )
            draw.rectangle(
                (x - radius * 0.92, y, x + radius * 0.92, y + radius * 0.22), fill=(250, 246, 238)
            )
            draw.ellipse((x - radius, y + radius * 0.1, x + radius, y + radius * 0.85), fill=shade)
    draw.rounded_rectangle(
        (width * 0.2, height * 0.76, width * 0.8, height * 0.88),
        radius=int(height * 0.06),
        fill=(190, 135, 80),
    )
    draw.rounded_rectangle(
        (width * 0.21, height * 0.75, width * 0.79, height * 0.8),
        radius=int(height * 0.03),
        fill=(80, 45, 30),
    )


def _draw_celebration_cake(draw, size, rng) -> None:
    """A tall cake on a stand with candles, sprinkles and bunting."""
    width, height = size
    draw.rectangle((width * 0.47, height * 0.78, width * 0.53, height * 0.9), fill=(235, 235, 230))
    draw.ellipse((width * 0.25, height * 0.74, width * 0.75, height * 0.82), fill=(245, 245, 240))
    for tier, (w, top, colour) in enumerate(
        ((0.22, 0.52, (250, 215, 225)), (0.15, 0.32, (255, 240, 245)))
    ):
        draw.rounded_rectangle(
            (
                width * (0.5 - w),
                height * top,
                width * (0.5 + w),
                height * (top + 0.24 - 0.02 * tier),
            ),
            radius=18,
            fill=colour,
        )
    for index in range(5):
        x = width * (0.4 + index * 0.05)
        draw.rectangle((x - 5, height * 0.2, x + 5, height * 0.32), fill=(120, 170, 220))
        draw.ellipse((x - 8, height * 0.15, x + 8, height * 0.2), fill=(255, 190, 60))
    for _ in range(90):
        x, y = rng.uniform(width * 0.3, width * 0.7), rng.uniform(height * 0.34, height * 0.74)
        colour = rng.choice([(214, 64, 110), (90, 150, 200), (240, 180, 60), (110, 180, 120)])
        draw.rectangle((x, y, x + 8, y + 3), fill=colour)
    for index in range(9):  # bunting
        x = width * (0.05 + index * 0.11)
        colour = [(214, 64, 110), (240, 180, 60), (90, 150, 200)][index % 3]
        draw.polygon(
            [
                (x, height * 0.05),
                (x + width * 0.08, height * 0.05),
                (x + width * 0.04, height * 0.14),
            ],
            fill=colour,
        )


# Each demo course's cover shows its own subject, on its own background.
COVERS = {
    "pan-de-masa-madre": (_draw_loaves, (226, 206, 178)),
    "macarons-y-eclairs": (_draw_macarons, (246, 226, 232)),
    "tortas-de-celebracion": (_draw_celebration_cake, (214, 232, 240)),
}


def course_cover(slug: str, seed: int, size: tuple[int, int] = (1600, 900)) -> bytes:
    """A JPEG cover showing what the course teaches (a generic pastry photo otherwise)."""
    from PIL import ImageDraw, ImageFilter

    if slug not in COVERS:
        return pastry_photo(seed * 100, size=size)
    drawer, table = COVERS[slug]
    rng = random.Random(seed)  # noqa: S311 (pictures, not secrets)
    image = _cover_canvas(size, table, seed)
    drawer(ImageDraw.Draw(image), size, rng)
    image = image.filter(ImageFilter.GaussianBlur(radius=1))
    output = io.BytesIO()
    image.save(output, "JPEG", quality=90)
    return output.getvalue()


DEMO_RECIPES = {
    "pan-de-masa-madre": [
        (
            "Masa madre de centeno",
            "El punto de partida de todos los panes del curso.",
            "Ingredientes:\n- 50 g de harina de centeno integral\n- 50 g de agua tibia\n\n"
            "Preparación:\n1. Mezcla la harina y el agua en un frasco limpio.\n"
            "2. Tapa sin cerrar y deja a 24-26 °C.\n"
            "3. Cada 24 horas descarta la mitad y alimenta con 50 g de harina y 50 g de agua.\n"
            "4. Al séptimo día debe duplicar su volumen en 4 a 6 horas.",
        ),
        (
            "Pan de campo",
            "Corteza crujiente, miga abierta y un sabor ligeramente ácido.",
            "Rinde 1 unidad.\n\n"
            "Ingredientes:\n- 400 g de harina de trigo\n- 100 g de harina integral\n"
            "- 375 g de agua\n- 100 g de masa madre activa\n- 10 g de sal\n\n"
            "Preparación:\n1. Autólisis de 45 minutos con la harina y 350 g de agua.\n"
            "2. Agrega la masa madre, la sal y el resto del agua.\n"
            "3. Cuatro series de pliegues cada 30 minutos.\n"
            "4. Forma, deja en frío toda la noche y hornea en olla a 250 °C.",
        ),
        (
            "Focaccia de romero",
            "Esponjosa, dorada y con mucho aceite de oliva.",
            "Ingredientes:\n- 500 g de harina de fuerza\n- 400 g de agua\n"
            "- 100 g de masa madre\n- 12 g de sal\n- Aceite de oliva, romero y sal en escamas\n\n"
            "Preparación:\n1. Mezcla todo y deja fermentar 12 horas en frío.\n"
            "2. Extiende en una bandeja aceitada y hunde los dedos en la masa.\n"
            "3. Hornea 25 minutos a 230 °C.",
        ),
    ],
    "macarons-y-eclairs": [
        (
            "Macarons de frambuesa",
            "Conchas lisas, pie perfecto y un relleno que se derrite.",
            "Rinde 30 unidades.\n\n"
            "Ingredientes:\n- 150 g de almendra molida\n- 150 g de azúcar glas\n"
            "- 110 g de claras (en dos partes)\n- 150 g de azúcar\n- 40 g de agua\n\n"
            "Preparación:\n1. Tamiza la almendra con el azúcar glas.\n"
            "2. Prepara un merengue italiano con el almíbar a 118 °C.\n"
            "3. Haz el macaronage hasta que la masa caiga en cinta.\n"
            "4. Escudilla, deja secar 30 minutos y hornea 13 minutos a 150 °C.",
        ),
        (
            "Éclairs de chocolate",
            "Pâte à choux hueca y crema pastelera de chocolate.",
            "Ingredientes:\n- 125 g de agua\n- 125 g de leche\n- 110 g de mantequilla\n"
            "- 140 g de harina\n- 4 huevos\n\n"
            "Preparación:\n1. Hierve los líquidos con la mantequilla y agrega la harina.\n"
            "2. Seca la masa al fuego y añade los huevos de a uno.\n"
            "3. Escudilla bastones de 12 cm y hornea a 180 °C sin abrir el horno.",
        ),
        (
            "Ganache de maracuyá",
            "Un relleno ácido y brillante para macarons.",
            "Ingredientes:\n- 200 g de chocolate blanco\n- 100 g de pulpa de maracuyá\n"
            "- 20 g de mantequilla\n\n"
            "Preparación:\n1. Calienta la pulpa y viértela sobre el chocolate.\n"
            "2. Emulsiona y agrega la mantequilla a 35 °C.\n"
            "3. Deja cristalizar una noche antes de rellenar.",
        ),
    ],
    "tortas-de-celebracion": [
        (
            "Bizcocho de vainilla",
            "Firme para apilar, húmedo para disfrutar.",
            "Rinde 10 porciones. Molde redondo de 20 cm de diámetro y 8 cm de alto.\n\n"
            "Para el bizcocho:\n- 300 g de harina de trigo (tamizada)\n- 300 g de azúcar\n"
            "- 250 g de mantequilla, a temperatura ambiente\n- 5 huevos\n"
            "- 200 ml de leche\n- 12 g de polvo de hornear\n- 1 pizca de sal\n"
            "- 1 cdta de esencia de vainilla\n\n"
            "Para el almíbar:\n- 1/2 taza de agua\n- 1/4 taza de azúcar\n"
            "- Ralladura de limón al gusto\n\n"
            "Preparación:\n1. Bate la mantequilla con el azúcar hasta blanquear, unos 5 minutos.\n"
            "2. Agrega los huevos de a uno y la esencia de vainilla.\n"
            "3. Alterna la harina con el polvo de hornear y la sal, y la leche.\n"
            "4. Hornea 45 minutos a 170 °C en el molde enmantecado.\n"
            "5. Para el almíbar, hierve el agua con el azúcar y la ralladura 3 minutos.\n"
            "6. Pincela el bizcocho tibio con el almíbar y deja enfriar 30 minutos.",
        ),
        (
            "Torta de chocolate húmeda",
            "La base favorita para cumpleaños.",
            "Rinde 12 porciones. Molde redondo de 24 cm.\n\n"
            "Ingredientes:\n- 250 g de harina\n- 80 g de cacao\n- 350 g de azúcar\n"
            "- 2 huevos\n- 250 ml de café caliente\n- 120 ml de aceite\n\n"
            "Preparación:\n1. Mezcla los secos, luego los húmedos y por último el café.\n"
            "2. Hornea 50 minutos a 170 °C.",
        ),
        (
            "Buttercream de merengue suizo",
            "Sedoso, estable y fácil de colorear.",
            "Ingredientes:\n- 150 g de claras\n- 300 g de azúcar\n- 450 g de mantequilla\n\n"
            "Preparación:\n1. Calienta claras y azúcar a 70 °C.\n"
            "2. Bate hasta enfriar y agrega la mantequilla en cubos.\n"
            "3. Bate a velocidad baja para quitar las burbujas.",
        ),
    ],
}


# Recipe steps that point at a moment of a lesson: (recipe, words of the step, lesson, second).
DEMO_MOMENTS = (
    ("Bizcocho de vainilla", "Hornea", "Bizcochos estables", 12),
    ("Pan de campo", "pliegues", "Amasado y pliegues", 8),
    ("Macarons de frambuesa", "merengue italiano", "Merengue italiano", 10),
)


def structure_demo_recipes(course: Course) -> bool:
    """Structure, with the parser an admin uses, each demo recipe that has none yet, and
    link the steps of DEMO_MOMENTS to their lessons. True when a recipe changed."""
    lessons = {lesson.title: lesson.id for lesson in course.lessons}
    changed = False
    for recipe in course.recipes:
        if recipe.structure is not None or not recipe.recipe_text:
            continue
        structure = parse_recipe(recipe.recipe_text)
        steps = list(structure.steps)
        for title, words, lesson, second in DEMO_MOMENTS:
            for index, step in enumerate(steps):
                if title == recipe.title and words in step.text and lesson in lessons:
                    steps[index] = replace(step, lesson_id=lessons[lesson], second=second)
                    break
        recipe.structure = replace(structure, steps=tuple(steps))
        changed = True
    return changed


def demo_video(seed: int, seconds: int = DEMO_VIDEO_SECONDS) -> bytes | None:
    """A short WebM (test pattern and a tone) made with the ffmpeg inside imageio-ffmpeg.

    Returns None where that package is not installed (it is a development dependency).
    """
    try:
        import imageio_ffmpeg
    except ImportError:
        log.warning("imageio-ffmpeg is not installed: demo lessons get no video")
        return None
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "demo.webm")
        command = [
            imageio_ffmpeg.get_ffmpeg_exe(),
            "-y", "-hide_banner", "-loglevel", "error",
            "-f", "lavfi", "-i", f"testsrc2=size=640x360:rate=24:duration={seconds}",
            "-f", "lavfi", "-i", f"sine=frequency={330 + 110 * (seed % 4)}:duration={seconds}",
            "-vf", f"hue=h={(seed * 70) % 360}",
            "-c:v", "libvpx", "-b:v", "300k", "-deadline", "realtime", "-cpu-used", "8",
            "-c:a", "libopus", "-b:a", "48k", "-shortest", path,
        ]  # fmt: skip
        subprocess.run(command, check=True, capture_output=True, timeout=120)  # noqa: S603
        with open(path, "rb") as video:
            return video.read()


def seed_course_media(course: Course, seed: int, videos: bool = True) -> None:
    """Give a demo course a cover, recipes with photos, a built book and lesson videos
    (whatever is missing)."""
    missing_video = [lesson for lesson in course.lessons if lesson.video_public_id is None]
    video = demo_video(seed) if missing_video and videos else None
    for lesson in missing_video if video else []:
        uploads.replace_lesson_video(lesson, io.BytesIO(video), "demo.webm")
        lesson.video_duration_seconds = DEMO_VIDEO_SECONDS
    if course.thumbnail_public_id is None:
        uploads.replace_course_thumbnail(course, course_cover(course.slug, seed))
    has_recipes = db.session.scalar(sa.select(Recipe.id).where(Recipe.course_id == course.id))
    if not has_recipes:
        for index, (title, description, text) in enumerate(DEMO_RECIPES.get(course.slug, [])):
            recipe = uploads.add_recipe_from_image(
                course, pastry_photo(seed * 100 + index + 1), f"{title}.jpg"
            )
            recipe.title, recipe.description, recipe.recipe_text = title, description, text
        db.session.flush()
        db.session.refresh(course, ["recipes"])
    if structure_demo_recipes(course) or course.recipe_pdf_public_id is None:
        rebuild_recipe_book(course)
