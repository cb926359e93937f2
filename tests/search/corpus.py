"""A fixed Spanish baking corpus for the relevance tests: four courses, their lessons and
recipes, and a forum with questions and the team's answers.

Everything is created through the ORM and the forum service, so the search index follows
the content as it does in production (services.search.sync). `build_corpus(app)` returns
where each item lives (`Corpus.url(kind, title)`), so a test can tell which item a search
result is. Comments have no title: they are named by the `key` written beside them here.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

from flask import Flask, url_for

from dulcevicio.extensions import db
from dulcevicio.models import Course, Lesson, Recipe, Role
from dulcevicio.services import accounts, forum
from tests.helpers import PASSWORD

# Kinds as the results page names them (?tipo=).
COURSES, LESSONS, RECIPES, FORUM = "cursos", "lecciones", "recetas", "foro"


@dataclass(frozen=True)
class CourseText:
    title: str
    slug: str
    description: str
    lessons: tuple[tuple[str, str], ...]  # (title, description); the first is the preview
    recipes: tuple[tuple[str, str, str], ...]  # (title, description, recipe_text)
    # (key, author, content, replies: ((key, author, content), ...)); author "equipo" is
    # the admin, whose comments are the team's answers.
    comments: tuple[tuple[str, str, str, tuple[tuple[str, str, str], ...]], ...] = ()


TORTAS = CourseText(
    title="Tortas de celebración",
    slug="tortas-de-celebracion",
    description=(
        "Bizcochuelos altos y húmedos, rellenos de dulce de leche y ganache, merengue "
        "italiano y suizo, cubiertas de buttercream: todo lo que necesitas para armar y "
        "decorar la torta de cumpleaños perfecta."
    ),
    lessons=(
        (
            "Bienvenida y herramientas",
            "Moldes, espátulas, manga, boquillas y base giratoria: lo que necesitas para "
            "empezar a armar tortas en casa.",
        ),
        (
            "Bizcochuelo clásico que no se hunde",
            "Batido de huevos a punto letra, cómo incorporar la harina tamizada con "
            "movimientos envolventes y por qué no hay que abrir la puerta del horno.",
        ),
        (
            "Merengue italiano y merengue suizo",
            "Las dos técnicas de merengue cocido: el almíbar a 118 °C para el italiano y el "
            "baño María para el suizo. Cuándo usar cada uno.",
        ),
        (
            "Rellenar, apilar y cubrir una torta",
            "Cómo nivelar los discos de bizcochuelo, humedecerlos con almíbar, poner el "
            "relleno de dulce de leche sin que se salga y hacer la primera capa de cobertura.",
        ),
        (
            "Decoración con manga y boquillas",
            "Rosetas, conchitas y borde de perlas con buttercream; cómo teñir la crema y "
            "sostener la manga para que todas las flores salgan iguales.",
        ),
    ),
    recipes=(
        (
            "Bizcochuelo de vainilla",
            "Alto y esponjoso, sin polvo de hornear: la base de todas nuestras tortas.",
            "Ingredientes (molde de 24 cm):\n"
            "- 6 huevos a temperatura ambiente\n"
            "- 180 g de azúcar\n"
            "- 180 g de harina 0000 tamizada\n"
            "- 1 cucharadita de esencia de vainilla\n"
            "- Ralladura de 1 limón\n\n"
            "Preparación:\n"
            "1. Precalentar el horno a 170 °C y forrar el molde con papel manteca.\n"
            "2. Batir los huevos con el azúcar a punto letra, unos 10 minutos.\n"
            "3. Agregar la vainilla y la ralladura.\n"
            "4. Incorporar la harina en tres veces, con espátula y movimientos envolventes.\n"
            "5. Hornear 35 a 40 minutos sin abrir la puerta. Desmoldar frío.",
        ),
        (
            "Bizcochuelo de chocolate",
            "La versión de chocolate del bizcochuelo clásico, con cacao amargo.",
            "Ingredientes (molde de 24 cm):\n"
            "- 6 huevos\n"
            "- 200 g de azúcar\n"
            "- 150 g de harina 0000\n"
            "- 40 g de cacao amargo\n"
            "- 1 pizca de sal\n\n"
            "Preparación:\n"
            "1. Tamizar juntos la harina, el cacao y la sal.\n"
            "2. Batir los huevos con el azúcar hasta que dupliquen su volumen.\n"
            "3. Incorporar los secos en forma envolvente.\n"
            "4. Hornear a 170 °C durante 40 minutos.",
        ),
        (
            "Torta de chocolate húmeda",
            "Con aceite y café: se mantiene húmeda varios días. Ideal para cubrir con ganache.",
            "Ingredientes:\n"
            "- 250 g de harina leudante\n"
            "- 60 g de cacao amargo\n"
            "- 300 g de azúcar\n"
            "- 2 huevos\n"
            "- 200 ml de aceite de girasol\n"
            "- 250 ml de café caliente\n"
            "- 200 ml de leche\n\n"
            "Preparación:\n"
            "1. Mezclar los secos en un bol grande.\n"
            "2. Agregar los huevos, el aceite y la leche y batir hasta integrar.\n"
            "3. Sumar el café caliente: la mezcla queda líquida, es normal.\n"
            "4. Hornear a 175 °C unos 45 minutos.\n"
            "5. Enfriar y cubrir con ganache de chocolate semiamargo.",
        ),
        (
            "Torta de cumpleaños de dulce de leche y merengue",
            "La clásica torta de cumpleaños: bizcochuelo, dulce de leche repostero y "
            "merengue italiano flameado con soplete.",
            "Ingredientes:\n"
            "- 1 bizcochuelo de vainilla de 24 cm\n"
            "- 250 ml de almíbar para humedecer\n"
            "- 800 g de dulce de leche repostero\n"
            "- 1 receta de merengue italiano (4 claras)\n\n"
            "Armado:\n"
            "1. Cortar el bizcochuelo en tres discos y humedecer cada uno con almíbar.\n"
            "2. Rellenar con dulce de leche y apilar.\n"
            "3. Cubrir toda la torta con el merengue y hacer picos con una cuchara.\n"
            "4. Dorar el merengue con soplete y decorar con velitas.",
        ),
        (
            "Merengue italiano",
            "Brillante y estable, con almíbar a punto bolita blanda.",
            "Ingredientes:\n"
            "- 4 claras (120 g)\n"
            "- 240 g de azúcar\n"
            "- 80 ml de agua\n\n"
            "Preparación:\n"
            "1. Cocinar el azúcar con el agua hasta 118 °C, sin revolver.\n"
            "2. Cuando el almíbar llegue a 110 °C, empezar a batir las claras.\n"
            "3. Volcar el almíbar en hilo sobre las claras espumosas, batiendo siempre.\n"
            "4. Batir hasta que el merengue esté tibio y forme picos firmes.",
        ),
        (
            "Merengue suizo",
            "Claras y azúcar a baño María: el merengue más fácil y seguro.",
            "Ingredientes:\n"
            "- 4 claras\n"
            "- 200 g de azúcar\n"
            "- Unas gotas de jugo de limón\n\n"
            "Preparación:\n"
            "1. Poner las claras y el azúcar en un bol sobre agua caliente.\n"
            "2. Revolver hasta que la mezcla llegue a 60 °C y el azúcar se disuelva.\n"
            "3. Retirar y batir a velocidad alta hasta que enfríe y esté firme.",
        ),
        (
            "Buttercream de merengue suizo",
            "Una crema de manteca sedosa y poco dulce para cubrir y decorar.",
            "Ingredientes:\n"
            "- 1 receta de merengue suizo\n"
            "- 300 g de manteca pomada en cubos\n"
            "- 1 cucharadita de esencia de vainilla\n\n"
            "Preparación:\n"
            "1. Batir el merengue hasta que esté a temperatura ambiente.\n"
            "2. Agregar la manteca de a un cubo, sin dejar de batir.\n"
            "3. Si se corta, seguir batiendo: vuelve a unirse.\n"
            "4. Perfumar con vainilla y teñir con colorante en gel.",
        ),
        (
            "Ganache de chocolate semiamargo",
            "Para cubrir, rellenar o hacer trufas, según la proporción.",
            "Ingredientes:\n"
            "- 200 g de chocolate semiamargo picado\n"
            "- 200 ml de crema de leche\n\n"
            "Preparación:\n"
            "1. Calentar la crema hasta que rompa el hervor.\n"
            "2. Volcarla sobre el chocolate y esperar 2 minutos.\n"
            "3. Mezclar desde el centro hasta que quede brillante.\n"
            "4. Para cubrir, usar tibia; para rellenar o batir, dejarla reposar una noche.\n"
            "Proporción 2:1 de chocolate y crema para una ganache firme.",
        ),
        (
            "Almíbar para humedecer tortas",
            "Un almíbar simple y perfumado que mantiene húmedo el bizcochuelo.",
            "Ingredientes:\n"
            "- 200 ml de agua\n"
            "- 100 g de azúcar\n"
            "- Cáscara de naranja o 1 cucharada de licor\n\n"
            "Preparación:\n"
            "1. Hervir el agua con el azúcar y la cáscara 3 minutos.\n"
            "2. Enfriar y pincelar los discos antes de rellenar.",
        ),
        (
            "Dulce de leche repostero casero",
            "Espeso, para rellenos que no se escurren.",
            "Ingredientes:\n"
            "- 2 litros de leche entera\n"
            "- 600 g de azúcar\n"
            "- 1/2 cucharadita de bicarbonato de sodio\n"
            "- 1 chaucha de vainilla\n\n"
            "Preparación:\n"
            "1. Llevar todo a fuego medio en una olla de fondo grueso.\n"
            "2. Cocinar revolviendo con cuchara de madera unas 3 horas.\n"
            "3. Está listo cuando al pasar la cuchara se ve el fondo de la olla.\n"
            "4. Enfriar sobre hielo, revolviendo, para que no se azucare.",
        ),
        (
            "Crema chantilly estabilizada",
            "Crema batida que aguanta el armado y la heladera sin aguarse.",
            "Ingredientes:\n"
            "- 500 ml de crema de leche bien fría\n"
            "- 60 g de azúcar impalpable\n"
            "- 5 g de gelatina sin sabor hidratada en 25 ml de agua\n\n"
            "Preparación:\n"
            "1. Disolver la gelatina a baño María y dejarla entibiar.\n"
            "2. Batir la crema con el azúcar a medio punto.\n"
            "3. Agregar la gelatina en hilo y terminar de batir a punto firme.",
        ),
        (
            "Torta Selva Negra",
            "Bizcochuelo de chocolate, cerezas al kirsch y mucha crema chantilly.",
            "Ingredientes:\n"
            "- 1 bizcochuelo de chocolate\n"
            "- 400 g de cerezas en almíbar\n"
            "- 50 ml de kirsch\n"
            "- 1 receta de crema chantilly estabilizada\n"
            "- Virutas de chocolate\n\n"
            "Armado:\n"
            "1. Humedecer los discos con el almíbar de las cerezas y el kirsch.\n"
            "2. Rellenar con chantilly y cerezas.\n"
            "3. Cubrir con chantilly y decorar con virutas y cerezas.",
        ),
        (
            "Torta de zanahoria con frosting de queso crema",
            "El carrot cake de siempre, especiado y con nueces.",
            "Ingredientes:\n"
            "- 300 g de zanahoria rallada\n"
            "- 250 g de harina leudante\n"
            "- 200 g de azúcar mascabo\n"
            "- 3 huevos\n"
            "- 180 ml de aceite\n"
            "- 1 cucharadita de canela\n"
            "- 100 g de nueces picadas\n"
            "Frosting: 300 g de queso crema, 100 g de manteca, 150 g de azúcar impalpable.\n\n"
            "Preparación:\n"
            "1. Batir los huevos con el azúcar y el aceite.\n"
            "2. Sumar la harina, la canela, la zanahoria y las nueces.\n"
            "3. Hornear a 180 °C unos 45 minutos.\n"
            "4. Batir el queso crema con la manteca y el azúcar y cubrir la torta fría.",
        ),
    ),
    comments=(
        (
            "manteca por aceite",
            "lucia",
            "¿Puedo reemplazar la manteca por aceite en el bizcochuelo? No tengo manteca en casa.",
            (
                (
                    "manteca por aceite: respuesta",
                    "equipo",
                    "Sí: usa 80 ml de aceite neutro por cada 100 g de manteca. Queda un poco "
                    "más húmedo y se conserva muy bien.",
                ),
            ),
        ),
        (
            "merengue cortado",
            "carla",
            "Mi merengue italiano se cortó y quedó líquido en el fondo del bol, ¿qué hice mal?",
            (
                (
                    "merengue cortado: respuesta",
                    "equipo",
                    "Revisa dos cosas: que el almíbar llegue a 118 °C (usa termómetro) y que "
                    "el bol no tenga nada de grasa ni restos de yema.",
                ),
            ),
        ),
        (
            "torta fuera de la heladera",
            "sofia",
            "¿Cuántos días dura una torta rellena de dulce de leche fuera de la heladera?",
            (),
        ),
        (
            "congelar ganache",
            "martina",
            "¿La ganache se puede congelar? Me sobró bastante de la última torta.",
            (
                (
                    "congelar ganache: respuesta",
                    "equipo",
                    "Sí, hasta tres meses en un recipiente hermético. Descongélala en la "
                    "heladera y mézclala antes de usarla.",
                ),
            ),
        ),
        (
            "bizcochuelo hundido",
            "lucia",
            "Me quedó el bizcochuelo hundido en el centro. ¿Será que abrí el horno muy temprano?",
            (),
        ),
        (
            "colorante buttercream",
            "sofia",
            "¿Con qué colorante teñís el buttercream? El líquido me lo deja aguado.",
            (),
        ),
        (
            "torta de mi hija",
            "carla",
            "Hice la torta de cumpleaños para mi hija con el merengue flameado y salió "
            "hermosa, ¡gracias!",
            (),
        ),
    ),
)

MASA_MADRE = CourseText(
    title="Panadería de masa madre",
    slug="panaderia-de-masa-madre",
    description=(
        "Cómo crear y mantener tu masa madre, amasado de masas hidratadas, fermentación "
        "lenta y horneado de panes rústicos con corteza crocante, focaccia y medialunas."
    ),
    lessons=(
        (
            "Qué es la masa madre",
            "Levaduras salvajes y bacterias lácticas: cómo funciona un fermento natural y "
            "por qué le da al pan más sabor y duración.",
        ),
        (
            "Crear tu masa madre desde cero",
            "Siete días de harina integral y agua: las alimentaciones, la temperatura y las "
            "señales de que el fermento está listo para usar.",
        ),
        (
            "Amasado, pliegues y autólisis",
            "Amasar a mano masas de alta hidratación, la técnica de pliegues en el bol y el "
            "reposo de la autólisis.",
        ),
        (
            "Fermentación en frío y formado",
            "Fermentación lenta en la heladera, preformado y formado de hogazas, y uso del "
            "banneton.",
        ),
        (
            "Hornear en olla de hierro",
            "Horneado con vapor dentro de una olla de hierro: temperatura, greñado y cómo "
            "lograr una corteza crocante.",
        ),
    ),
    recipes=(
        (
            "Pan de masa madre clásico",
            "Una hogaza de miga alveolada y corteza crocante.",
            "Ingredientes:\n"
            "- 500 g de harina 000\n"
            "- 375 ml de agua\n"
            "- 100 g de masa madre activa\n"
            "- 10 g de sal\n\n"
            "Preparación:\n"
            "1. Mezclar la harina con 350 ml de agua y dejar en autólisis 1 hora.\n"
            "2. Sumar la masa madre, la sal y el resto del agua.\n"
            "3. Hacer 4 series de pliegues cada 30 minutos.\n"
            "4. Formar la hogaza y fermentar en la heladera 12 horas.\n"
            "5. Hornear en olla de hierro tapada a 250 °C 20 minutos y destapada 25 minutos.",
        ),
        (
            "Pan integral de masa madre con semillas",
            "Con harina integral, lino, girasol y sésamo.",
            "Ingredientes:\n"
            "- 300 g de harina 000\n"
            "- 200 g de harina integral\n"
            "- 400 ml de agua\n"
            "- 100 g de masa madre\n"
            "- 80 g de semillas de lino, girasol y sésamo remojadas\n"
            "- 11 g de sal\n\n"
            "Preparación:\n"
            "1. Mezclar las harinas con el agua y reposar 45 minutos.\n"
            "2. Agregar la masa madre y la sal; amasar.\n"
            "3. Incorporar las semillas en la segunda serie de pliegues.\n"
            "4. Fermentar, formar en molde de budín y hornear a 220 °C 45 minutos.",
        ),
        (
            "Focaccia de romero y sal gruesa",
            "Esponjosa, con mucho aceite de oliva.",
            "Ingredientes:\n"
            "- 500 g de harina 000\n"
            "- 400 ml de agua\n"
            "- 100 g de masa madre\n"
            "- 10 g de sal\n"
            "- 60 ml de aceite de oliva\n"
            "- Romero fresco y sal gruesa\n\n"
            "Preparación:\n"
            "1. Mezclar todo menos el aceite y hacer pliegues durante 2 horas.\n"
            "2. Pasar a una placa aceitada y dejar leudar hasta que duplique.\n"
            "3. Hundir los dedos, rociar con aceite, romero y sal gruesa.\n"
            "4. Hornear a 230 °C 25 minutos.",
        ),
        (
            "Medialunas de manteca",
            "Hojaldradas y brillantes, con almíbar al salir del horno.",
            "Ingredientes (24 unidades):\n"
            "- 500 g de harina 0000\n"
            "- 150 g de masa madre\n"
            "- 80 g de azúcar\n"
            "- 2 huevos\n"
            "- 200 ml de leche\n"
            "- 250 g de manteca fría para el laminado\n\n"
            "Preparación:\n"
            "1. Amasar todo menos la manteca y enfriar la masa.\n"
            "2. Laminar con la manteca: tres vueltas simples con frío entre una y otra.\n"
            "3. Cortar triángulos y enrollar desde la base.\n"
            "4. Leudar, pintar con huevo y hornear a 200 °C 15 minutos.\n"
            "5. Pincelar con almíbar apenas salen.",
        ),
        (
            "Baguettes caseras",
            "Con prefermento y formado paso a paso.",
            "Ingredientes (3 baguettes):\n"
            "- 500 g de harina 000\n"
            "- 350 ml de agua\n"
            "- 100 g de masa madre\n"
            "- 10 g de sal\n\n"
            "Preparación:\n"
            "1. Amasar y hacer pliegues durante 3 horas.\n"
            "2. Dividir en tres, preformar y reposar 20 minutos.\n"
            "3. Formar cilindros largos y leudar sobre un lienzo enharinado.\n"
            "4. Greñar en diagonal y hornear con vapor a 240 °C.",
        ),
        (
            "Chipá de queso",
            "Los panecitos de queso de mandioca, sin gluten.",
            "Ingredientes:\n"
            "- 500 g de almidón de mandioca\n"
            "- 250 g de queso semiduro rallado\n"
            "- 100 g de manteca\n"
            "- 2 huevos\n"
            "- 100 ml de leche\n"
            "- Sal\n\n"
            "Preparación:\n"
            "1. Mezclar el almidón con la manteca y el queso.\n"
            "2. Sumar los huevos y la leche hasta formar una masa suave.\n"
            "3. Formar bolitas y hornear a 200 °C 20 minutos.",
        ),
        (
            "Pan dulce navideño de masa madre",
            "Con frutas abrillantadas y frutos secos, fermentado durante dos días.",
            "Ingredientes:\n"
            "- 500 g de harina 0000\n"
            "- 150 g de masa madre\n"
            "- 150 g de azúcar\n"
            "- 4 yemas\n"
            "- 150 g de manteca\n"
            "- 200 g de frutas abrillantadas y 100 g de nueces\n"
            "- Ralladura de naranja y agua de azahar\n\n"
            "Preparación:\n"
            "1. Primer empaste con la masa madre, harina y agua; fermentar 12 horas.\n"
            "2. Segundo empaste con yemas, azúcar y manteca.\n"
            "3. Agregar las frutas, formar en moldes de papel y leudar.\n"
            "4. Hornear a 170 °C 50 minutos y enfriar colgado boca abajo.",
        ),
        (
            "Pizza de masa madre",
            "Masa de pizza a la piedra con fermentación en frío.",
            "Ingredientes (3 pizzas):\n"
            "- 500 g de harina 000\n"
            "- 330 ml de agua\n"
            "- 100 g de masa madre\n"
            "- 12 g de sal\n"
            "- 20 ml de aceite de oliva\n\n"
            "Preparación:\n"
            "1. Amasar hasta que la masa esté lisa.\n"
            "2. Dividir en bollos y fermentar en la heladera 24 horas.\n"
            "3. Estirar con las manos, cubrir con salsa de tomate y mozzarella.\n"
            "4. Hornear a máxima temperatura sobre piedra precalentada.",
        ),
        (
            "Bagels de masa madre",
            "Hervidos antes de hornear, con semillas de sésamo.",
            "Ingredientes (8 bagels):\n"
            "- 500 g de harina 000\n"
            "- 260 ml de agua\n"
            "- 120 g de masa madre\n"
            "- 20 g de miel\n"
            "- 10 g de sal\n\n"
            "Preparación:\n"
            "1. Amasar una masa firme y fermentar 4 horas.\n"
            "2. Formar aros y dejar en la heladera toda la noche.\n"
            "3. Hervir 1 minuto de cada lado en agua con miel.\n"
            "4. Cubrir con sésamo y hornear a 220 °C 20 minutos.",
        ),
        (
            "Grisines de masa madre",
            "Palitos crocantes para aprovechar el descarte de la masa madre.",
            "Ingredientes:\n"
            "- 250 g de harina\n"
            "- 150 g de descarte de masa madre\n"
            "- 40 ml de aceite de oliva\n"
            "- 80 ml de agua\n"
            "- 5 g de sal\n\n"
            "Preparación:\n"
            "1. Unir todo y amasar 5 minutos.\n"
            "2. Estirar finito y cortar tiras.\n"
            "3. Hornear a 180 °C hasta que estén dorados.",
        ),
    ),
    comments=(
        (
            "liquido gris",
            "martina",
            "Mi masa madre tiene un líquido gris arriba y huele a acetona, ¿está muerta?",
            (
                (
                    "liquido gris: respuesta",
                    "equipo",
                    "No está muerta: tiene hambre. Descarta ese líquido y aliméntala dos "
                    "veces al día durante un par de días.",
                ),
            ),
        ),
        (
            "harina 0000 para alimentar",
            "valentina",
            "¿Puedo usar harina 0000 para alimentar la masa madre o tiene que ser integral?",
            (),
        ),
        (
            "hogaza plana",
            "lucia",
            "La hogaza me queda plana, se desparrama y no crece en el horno.",
            (
                (
                    "hogaza plana: respuesta",
                    "equipo",
                    "Suele ser falta de tensión en el formado o exceso de fermentación. "
                    "Prueba acortar la fermentación a temperatura ambiente.",
                ),
            ),
        ),
        (
            "tiempo en la heladera",
            "sofia",
            "¿Cuánto tiempo máximo puede estar la masa en la heladera antes de hornear?",
            (),
        ),
        (
            "congelar medialunas",
            "carla",
            "¿Se pueden congelar las medialunas ya formadas, antes de leudar?",
            (),
        ),
        (
            "olla de hierro",
            "valentina",
            "¿Qué olla de hierro recomiendan? ¿Sirve una cacerola enlozada?",
            (),
        ),
        (
            "focaccia con levadura seca",
            "martina",
            "¿Puedo hacer la focaccia con levadura seca en vez de masa madre? ¿Cuánta pongo?",
            (),
        ),
    ),
)

FRANCESA = CourseText(
    title="Repostería francesa",
    slug="reposteria-francesa",
    description=(
        "Macarons, éclairs, pâte à choux, crema pastelera, tarta tatin y croissants con la "
        "técnica clásica de la pastelería de París."
    ),
    lessons=(
        (
            "Mise en place y mediciones",
            "Pesar todo en gramos, preparar los moldes y entender por qué la precisión "
            "importa tanto en la pastelería clásica.",
        ),
        (
            "Pâte à choux sin secretos",
            "La panada, el secado de la masa y el punto de los huevos para éclairs y "
            "profiteroles que se inflan y quedan huecos.",
        ),
        (
            "Macarons: el macaronage",
            "Merengue para macarons, macaronage, costra y pie: los errores más comunes y "
            "cómo evitarlos.",
        ),
        (
            "Crema pastelera y sus variantes",
            "Crema pastelera clásica, diplomática y muselina; cómo cocinarla sin grumos.",
        ),
        (
            "Masa hojaldre y croissants",
            "Laminado con manteca fría, vueltas simples y dobles, y el horneado de los croissants.",
        ),
    ),
    recipes=(
        (
            "Macarons de frambuesa",
            "Tapitas lisas con pie, rellenas de ganache de frambuesa.",
            "Ingredientes (30 macarons):\n"
            "- 150 g de harina de almendras\n"
            "- 150 g de azúcar impalpable\n"
            "- 110 g de claras en dos partes\n"
            "- 150 g de azúcar y 40 ml de agua para el almíbar\n"
            "- Colorante rosa en gel\n"
            "- Ganache de chocolate blanco y pulpa de frambuesa\n\n"
            "Preparación:\n"
            "1. Tamizar la harina de almendras con el azúcar impalpable y mezclar con 55 g "
            "de claras.\n"
            "2. Hacer un merengue italiano con el resto de las claras y el almíbar a 118 °C.\n"
            "3. Unir las dos preparaciones (macaronage) hasta que la masa caiga en cinta.\n"
            "4. Formar discos con manga, dejar secar 30 minutos y hornear a 150 °C 14 "
            "minutos.\n"
            "5. Rellenar con la ganache de frambuesa.",
        ),
        (
            "Éclairs de chocolate",
            "Pâte à choux rellena de crema pastelera de chocolate y glaseado brillante.",
            "Ingredientes (15 éclairs):\n"
            "- 125 ml de agua y 125 ml de leche\n"
            "- 110 g de manteca\n"
            "- 150 g de harina 0000\n"
            "- 4 o 5 huevos\n"
            "- Crema pastelera con 100 g de chocolate\n"
            "- Glaseado de chocolate\n\n"
            "Preparación:\n"
            "1. Hervir el agua, la leche y la manteca; agregar la harina de golpe.\n"
            "2. Secar la panada al fuego 2 minutos.\n"
            "3. Incorporar los huevos de a uno hasta que la masa forme un pico en V.\n"
            "4. Formar bastones de 12 cm y hornear a 180 °C 30 minutos.\n"
            "5. Rellenar con la crema y glasear.",
        ),
        (
            "Profiteroles con salsa de chocolate",
            "Bocaditos de pâte à choux rellenos de crema y bañados en chocolate.",
            "Ingredientes:\n"
            "- 1 receta de pâte à choux\n"
            "- 500 ml de crema chantilly\n"
            "- 150 g de chocolate semiamargo y 150 ml de crema para la salsa\n\n"
            "Preparación:\n"
            "1. Formar bolitas de masa con manga y hornear a 180 °C 25 minutos.\n"
            "2. Rellenar por debajo con la chantilly.\n"
            "3. Derretir el chocolate con la crema y bañar al servir.",
        ),
        (
            "Crema pastelera",
            "La crema base de la pastelería: lisa, espesa y perfumada con vainilla.",
            "Ingredientes:\n"
            "- 500 ml de leche\n"
            "- 4 yemas\n"
            "- 100 g de azúcar\n"
            "- 40 g de almidón de maíz\n"
            "- 1 chaucha de vainilla\n"
            "- 30 g de manteca\n\n"
            "Preparación:\n"
            "1. Calentar la leche con la vainilla.\n"
            "2. Blanquear las yemas con el azúcar y el almidón.\n"
            "3. Templar con la leche caliente y volver al fuego sin dejar de revolver.\n"
            "4. Cocinar 1 minuto después del hervor, sumar la manteca y enfriar tapada a "
            "piel.",
        ),
        (
            "Tarta tatin de manzanas",
            "Manzanas caramelizadas bajo una masa de hojaldre, servida al revés.",
            "Ingredientes:\n"
            "- 6 manzanas verdes\n"
            "- 150 g de azúcar\n"
            "- 60 g de manteca\n"
            "- 1 disco de masa hojaldre\n\n"
            "Preparación:\n"
            "1. Hacer un caramelo con el azúcar y la manteca en una sartén apta para horno.\n"
            "2. Acomodar las manzanas en cuartos y cocinar 15 minutos.\n"
            "3. Cubrir con el hojaldre y hornear a 190 °C 30 minutos.\n"
            "4. Dar vuelta sobre una fuente mientras está tibia.",
        ),
        (
            "Croissants de manteca",
            "Hojaldrados, con manteca de primera calidad y tres vueltas simples.",
            "Ingredientes (12 croissants):\n"
            "- 500 g de harina 000\n"
            "- 10 g de levadura seca\n"
            "- 60 g de azúcar\n"
            "- 10 g de sal\n"
            "- 280 ml de leche fría\n"
            "- 280 g de manteca para laminar\n\n"
            "Preparación:\n"
            "1. Amasar la masa base y enfriarla una noche.\n"
            "2. Encerrar la manteca y dar tres vueltas simples.\n"
            "3. Estirar, cortar triángulos y enrollar.\n"
            "4. Leudar a 26 °C, pintar con huevo y hornear a 190 °C 18 minutos.",
        ),
        (
            "Lemon pie",
            "Masa sablée, crema de limón bien ácida y merengue italiano dorado.",
            "Ingredientes:\n"
            "- 1 tarta de masa sablée horneada en blanco\n"
            "- Jugo de 4 limones y ralladura de 2\n"
            "- 200 g de azúcar\n"
            "- 4 huevos y 40 g de almidón de maíz\n"
            "- Merengue italiano con 3 claras\n\n"
            "Preparación:\n"
            "1. Cocinar el jugo, la ralladura, el azúcar, los huevos y el almidón hasta "
            "espesar.\n"
            "2. Volcar la crema de limón sobre la masa y enfriar.\n"
            "3. Cubrir con el merengue y dorar con soplete.",
        ),
        (
            "Tarta de frutillas con crema pastelera",
            "Masa sablée crocante, crema pastelera y frutillas frescas con brillo.",
            "Ingredientes:\n"
            "- 1 base de masa sablée de 24 cm\n"
            "- 1 receta de crema pastelera\n"
            "- 500 g de frutillas\n"
            "- 3 cucharadas de mermelada de damasco para abrillantar\n\n"
            "Preparación:\n"
            "1. Hornear la masa en blanco con peso a 180 °C.\n"
            "2. Rellenar con la crema pastelera fría.\n"
            "3. Acomodar las frutillas cortadas al medio.\n"
            "4. Pincelar con la mermelada tibia.",
        ),
        (
            "Crème brûlée",
            "Crema de vainilla con una capa fina de azúcar caramelizado.",
            "Ingredientes (6 cazuelas):\n"
            "- 500 ml de crema de leche\n"
            "- 6 yemas\n"
            "- 80 g de azúcar y más para quemar\n"
            "- 1 chaucha de vainilla\n\n"
            "Preparación:\n"
            "1. Calentar la crema con la vainilla y mezclar con las yemas y el azúcar.\n"
            "2. Cocinar las cazuelas a baño María en horno a 150 °C 40 minutos.\n"
            "3. Enfriar en la heladera.\n"
            "4. Espolvorear azúcar y caramelizar con soplete.",
        ),
        (
            "Mousse de chocolate",
            "Aireada e intensa, sin gelatina.",
            "Ingredientes:\n"
            "- 200 g de chocolate semiamargo\n"
            "- 4 huevos separados\n"
            "- 40 g de azúcar\n"
            "- 200 ml de crema de leche\n\n"
            "Preparación:\n"
            "1. Derretir el chocolate y mezclar con las yemas.\n"
            "2. Batir la crema a medio punto e incorporarla.\n"
            "3. Batir las claras con el azúcar y unirlas en forma envolvente.\n"
            "4. Enfriar 4 horas antes de servir.",
        ),
        (
            "Madeleines de miel y limón",
            "Con su jorobita característica, del molde de conchitas.",
            "Ingredientes (20 unidades):\n"
            "- 2 huevos\n"
            "- 80 g de azúcar\n"
            "- 20 g de miel\n"
            "- 100 g de harina\n"
            "- 100 g de manteca derretida\n"
            "- Ralladura de limón\n\n"
            "Preparación:\n"
            "1. Batir los huevos con el azúcar y la miel.\n"
            "2. Sumar la harina y la manteca; enfriar la masa 2 horas.\n"
            "3. Llenar los moldes y hornear a 200 °C 9 minutos.",
        ),
        (
            "Milhojas de crema pastelera",
            "Capas de hojaldre crocante y crema pastelera con fondant.",
            "Ingredientes:\n"
            "- 500 g de masa hojaldre\n"
            "- 1 receta de crema pastelera\n"
            "- 200 g de fondant o azúcar impalpable\n\n"
            "Preparación:\n"
            "1. Estirar el hojaldre, pincharlo y hornear entre dos placas.\n"
            "2. Cortar tres rectángulos iguales.\n"
            "3. Armar alternando hojaldre y crema pastelera.\n"
            "4. Cubrir con fondant y marmolar con chocolate.",
        ),
    ),
    comments=(
        (
            "macarons sin pie",
            "valentina",
            "Mis macarons salieron sin pie y con la tapa agrietada. ¿Qué pudo pasar?",
            (
                (
                    "macarons sin pie: respuesta",
                    "equipo",
                    "Casi siempre es que no se dejaron secar hasta formar costra, o que el "
                    "horno estaba demasiado fuerte. Usa un termómetro de horno.",
                ),
            ),
        ),
        (
            "reemplazar harina de almendras",
            "sofia",
            "¿Se puede reemplazar la harina de almendras por otra? Soy alérgica.",
            (),
        ),
        (
            "eclairs desinflados",
            "carla",
            "Los éclairs se desinflan cuando los saco del horno, ¿cuál es el truco?",
            (
                (
                    "eclairs desinflados: respuesta",
                    "equipo",
                    "Les falta cocción: déjalos 5 minutos más con la puerta entreabierta "
                    "para que se sequen por dentro.",
                ),
            ),
        ),
        (
            "crema con grumos",
            "martina",
            "La crema pastelera me quedó con grumos, ¿la puedo salvar o la tiro?",
            (
                (
                    "crema con grumos: respuesta",
                    "equipo",
                    "Se salva: pásala por un colador fino o procésala con la minipimer "
                    "mientras está caliente.",
                ),
            ),
        ),
        (
            "manteca para hojaldre",
            "lucia",
            "¿Qué manteca conviene usar para el hojaldre? La común se me derrite enseguida.",
            (),
        ),
        (
            "creme brulee sin soplete",
            "valentina",
            "¿Se puede hacer la crème brûlée sin soplete? No tengo uno en casa.",
            (),
        ),
        (
            "lemon pie el dia anterior",
            "sofia",
            "¿El lemon pie se puede armar el día anterior o se humedece la masa?",
            (),
        ),
    ),
)

GALLETAS = CourseText(
    title="Galletas, alfajores y postres fáciles",
    slug="galletas-alfajores-y-postres",
    description=(
        "Alfajores, galletas decoradas con glasé real, brownies, cheesecake sin horno, flan "
        "casero y postres fríos: recetas fáciles para empezar."
    ),
    lessons=(
        (
            "Cómo usar este curso",
            "Materiales básicos, cómo leer las recetas y qué hacer cuando algo sale mal.",
        ),
        (
            "Galletas decoradas con glasé real",
            "Una masa de manteca que no se deforma al hornear, glasé real en dos "
            "consistencias y cómo delinear y rellenar.",
        ),
        (
            "Alfajores de maicena paso a paso",
            "Una masa arenosa que se deshace en la boca, el horneado sin dorar y el armado "
            "con dulce de leche y coco rallado.",
        ),
        (
            "Postres fríos sin horno",
            "Cheesecake sin horno, chocotorta y mousse de limón: gelatina, cremas y bases "
            "de galletitas molidas.",
        ),
        (
            "Flan y postres con caramelo",
            "Caramelo en seco y con agua, cocción a baño María y cómo desmoldar un flan "
            "liso, sin burbujas.",
        ),
    ),
    recipes=(
        (
            "Alfajores de maicena",
            "Tiernos, con mucho dulce de leche y coco rallado en el borde.",
            "Ingredientes (30 alfajores):\n"
            "- 200 g de manteca\n"
            "- 150 g de azúcar\n"
            "- 3 yemas\n"
            "- 300 g de almidón de maíz (maicena)\n"
            "- 200 g de harina 0000\n"
            "- 1 cucharadita de polvo de hornear\n"
            "- Ralladura de limón y 1 cucharada de coñac\n"
            "- 500 g de dulce de leche repostero y coco rallado\n\n"
            "Preparación:\n"
            "1. Cremar la manteca con el azúcar y sumar las yemas.\n"
            "2. Agregar los secos tamizados y unir sin amasar.\n"
            "3. Estirar a 5 mm, cortar tapitas y hornear a 170 °C 10 minutos, sin que se "
            "doren.\n"
            "4. Armar con dulce de leche y pasar el borde por coco rallado.",
        ),
        (
            "Galletas de manteca para decorar",
            "No se deforman al hornear: perfectas para glasé real.",
            "Ingredientes:\n"
            "- 250 g de manteca\n"
            "- 200 g de azúcar impalpable\n"
            "- 1 huevo\n"
            "- 500 g de harina 0000\n"
            "- Esencia de vainilla\n\n"
            "Preparación:\n"
            "1. Cremar la manteca con el azúcar y sumar el huevo y la vainilla.\n"
            "2. Agregar la harina y formar un bollo; enfriar 1 hora.\n"
            "3. Estirar entre papeles, cortar con cortantes y congelar 10 minutos.\n"
            "4. Hornear a 170 °C 12 minutos.",
        ),
        (
            "Glasé real",
            "Para delinear y rellenar galletas: se seca duro y brillante.",
            "Ingredientes:\n"
            "- 1 clara\n"
            "- 250 g de azúcar impalpable\n"
            "- Unas gotas de jugo de limón\n\n"
            "Preparación:\n"
            "1. Batir la clara con el azúcar impalpable tamizado y el limón 5 minutos.\n"
            "2. Para delinear, dejarlo espeso; para rellenar, aflojar con gotas de agua.\n"
            "3. Teñir con colorante en gel y usar con manga de papel.",
        ),
        (
            "Brownies con nueces",
            "Húmedos por dentro y con costrita arriba.",
            "Ingredientes (molde de 20 x 20 cm):\n"
            "- 200 g de chocolate semiamargo\n"
            "- 150 g de manteca\n"
            "- 250 g de azúcar\n"
            "- 3 huevos\n"
            "- 100 g de harina\n"
            "- 100 g de nueces picadas\n\n"
            "Preparación:\n"
            "1. Derretir el chocolate con la manteca.\n"
            "2. Batir los huevos con el azúcar y unir con el chocolate.\n"
            "3. Sumar la harina y las nueces.\n"
            "4. Hornear a 180 °C 25 minutos: el centro tiene que quedar húmedo.",
        ),
        (
            "Cheesecake sin horno con frutos rojos",
            "Cremoso, con base de galletitas y salsa de frutos rojos.",
            "Ingredientes:\n"
            "- 200 g de galletitas de vainilla molidas\n"
            "- 80 g de manteca derretida\n"
            "- 500 g de queso crema\n"
            "- 150 g de azúcar\n"
            "- 300 ml de crema de leche\n"
            "- 10 g de gelatina sin sabor\n"
            "- 300 g de frutos rojos\n\n"
            "Preparación:\n"
            "1. Mezclar las galletitas con la manteca y forrar un molde desmontable.\n"
            "2. Batir el queso crema con el azúcar y la crema.\n"
            "3. Sumar la gelatina hidratada y disuelta.\n"
            "4. Volcar sobre la base y enfriar 6 horas.\n"
            "5. Cocinar los frutos rojos con azúcar y cubrir.",
        ),
        (
            "Chocotorta",
            "El postre sin horno de todos los cumpleaños.",
            "Ingredientes:\n"
            "- 500 g de galletitas de chocolate\n"
            "- 400 g de dulce de leche\n"
            "- 300 g de queso crema\n"
            "- 1 taza de café o leche chocolatada\n\n"
            "Preparación:\n"
            "1. Mezclar el dulce de leche con el queso crema.\n"
            "2. Mojar las galletitas en el café y hacer una capa en una fuente.\n"
            "3. Alternar capas de crema y galletitas.\n"
            "4. Enfriar toda la noche.",
        ),
        (
            "Flan casero con dulce de leche",
            "Liso, sin agujeritos, con caramelo líquido.",
            "Ingredientes:\n"
            "- 1 litro de leche\n"
            "- 6 huevos\n"
            "- 200 g de azúcar\n"
            "- Esencia de vainilla\n"
            "- 150 g de azúcar para el caramelo\n\n"
            "Preparación:\n"
            "1. Hacer un caramelo en seco y cubrir la flanera.\n"
            "2. Mezclar los huevos con el azúcar sin batir y sumar la leche tibia.\n"
            "3. Colar y volcar en la flanera.\n"
            "4. Cocinar a baño María en horno a 160 °C 1 hora, sin que el agua hierva.\n"
            "5. Enfriar, desmoldar y servir con dulce de leche.",
        ),
        (
            "Churros con chocolate caliente",
            "Crocantes por fuera, rellenos de dulce de leche, para la tarde de lluvia.",
            "Ingredientes:\n"
            "- 250 ml de agua\n"
            "- 250 g de harina 0000\n"
            "- 1 cucharada de azúcar y 1 pizca de sal\n"
            "- Aceite para freír\n"
            "- 1 litro de leche y 150 g de chocolate para el chocolate caliente\n\n"
            "Preparación:\n"
            "1. Hervir el agua con el azúcar y la sal y agregar la harina de golpe.\n"
            "2. Poner la masa en una churrera o manga con boquilla rizada.\n"
            "3. Freír en aceite a 180 °C hasta dorar.\n"
            "4. Pasar por azúcar y servir con el chocolate caliente.",
        ),
        (
            "Trufas de chocolate y coco",
            "Sin horno, en 20 minutos, para regalar.",
            "Ingredientes:\n"
            "- 200 g de chocolate semiamargo\n"
            "- 100 ml de crema de leche\n"
            "- 50 g de coco rallado y más para rebozar\n\n"
            "Preparación:\n"
            "1. Hacer una ganache con el chocolate y la crema caliente.\n"
            "2. Sumar el coco y enfriar 2 horas.\n"
            "3. Formar bolitas y pasarlas por coco rallado.",
        ),
        (
            "Galletas de avena y pasas",
            "Crocantes en los bordes y blandas en el centro.",
            "Ingredientes:\n"
            "- 120 g de manteca\n"
            "- 150 g de azúcar mascabo\n"
            "- 1 huevo\n"
            "- 150 g de avena arrollada\n"
            "- 120 g de harina\n"
            "- 80 g de pasas de uva\n"
            "- 1 cucharadita de canela\n\n"
            "Preparación:\n"
            "1. Cremar la manteca con el azúcar y sumar el huevo.\n"
            "2. Agregar la avena, la harina, la canela y las pasas.\n"
            "3. Formar bolitas, aplastar y hornear a 180 °C 12 minutos.",
        ),
        (
            "Mousse de limón",
            "Fresca y liviana, con leche condensada y sin horno.",
            "Ingredientes:\n"
            "- 1 lata de leche condensada\n"
            "- 200 ml de crema de leche\n"
            "- Jugo de 3 limones y ralladura de 1\n\n"
            "Preparación:\n"
            "1. Mezclar la leche condensada con el jugo de limón: espesa sola.\n"
            "2. Batir la crema a medio punto e incorporarla.\n"
            "3. Repartir en copas y enfriar 3 horas. Decorar con ralladura.",
        ),
        (
            "Arroz con leche",
            "Cremoso, con canela y cáscara de limón.",
            "Ingredientes:\n"
            "- 1 litro de leche\n"
            "- 150 g de arroz de grano corto\n"
            "- 150 g de azúcar\n"
            "- 1 rama de canela y cáscara de limón\n\n"
            "Preparación:\n"
            "1. Hervir el arroz en agua 5 minutos y escurrir.\n"
            "2. Cocinarlo en la leche con la canela y la cáscara a fuego bajo 40 minutos.\n"
            "3. Agregar el azúcar al final y servir con canela en polvo.",
        ),
        (
            "Budín de pan",
            "Para aprovechar el pan del día anterior, con caramelo.",
            "Ingredientes:\n"
            "- 300 g de pan del día anterior\n"
            "- 1 litro de leche\n"
            "- 4 huevos\n"
            "- 200 g de azúcar\n"
            "- 100 g de pasas de uva\n"
            "- Caramelo para el molde\n\n"
            "Preparación:\n"
            "1. Remojar el pan en la leche caliente y deshacerlo.\n"
            "2. Sumar los huevos, el azúcar y las pasas.\n"
            "3. Volcar en un molde acaramelado y cocinar a baño María 1 hora.",
        ),
        (
            "Cookies con chips de chocolate",
            "Las galletas americanas grandes, con el centro blando.",
            "Ingredientes (12 cookies):\n"
            "- 115 g de manteca derretida\n"
            "- 150 g de azúcar mascabo\n"
            "- 50 g de azúcar\n"
            "- 1 huevo\n"
            "- 200 g de harina\n"
            "- 1/2 cucharadita de bicarbonato\n"
            "- 150 g de chips de chocolate\n\n"
            "Preparación:\n"
            "1. Mezclar la manteca con los azúcares y el huevo.\n"
            "2. Sumar la harina, el bicarbonato y los chips.\n"
            "3. Enfriar la masa 1 hora, formar bolas y hornear a 180 °C 11 minutos.",
        ),
    ),
    comments=(
        (
            "alfajores sin tacc",
            "lucia",
            "¿Los alfajores de maicena se pueden hacer sin TACC? Mi sobrina es celíaca.",
            (
                (
                    "alfajores sin tacc: respuesta",
                    "equipo",
                    "Sí: reemplaza la harina por premezcla sin gluten y revisa que el dulce "
                    "de leche y el polvo de hornear sean aptos.",
                ),
            ),
        ),
        (
            "glase no endurece",
            "martina",
            "El glasé real no me endurece, las galletas siguen pegajosas al otro día.",
            (
                (
                    "glase no endurece: respuesta",
                    "equipo",
                    "Le falta azúcar o le pusiste demasiada agua. Déjalas secar 24 horas en "
                    "un lugar seco, lejos de la heladera.",
                ),
            ),
        ),
        (
            "agar agar",
            "valentina",
            "¿Puedo reemplazar la gelatina del cheesecake por agar agar? ¿En qué cantidad?",
            (),
        ),
        (
            "duracion galletas decoradas",
            "carla",
            "¿Cuánto duran las galletas decoradas? Las quiero regalar en un cumpleaños.",
            (),
        ),
        (
            "flan con agujeritos",
            "sofia",
            "El flan me salió lleno de agujeritos, ¿por qué?",
            (
                (
                    "flan con agujeritos: respuesta",
                    "equipo",
                    "Porque el agua del baño María hirvió. Baja el horno a 150 °C y pon un "
                    "repasador en el fondo de la asadera.",
                ),
            ),
        ),
        (
            "brownies humedos",
            "lucia",
            "¿Cómo hago para que los brownies queden húmedos por dentro? Los míos quedan "
            "secos como un bizcochuelo.",
            (),
        ),
        (
            "churros se abren",
            "martina",
            "Mis churros se abren y explotan en el aceite, ¡me da miedo!",
            (),
        ),
    ),
)

CORPUS = (TORTAS, MASA_MADRE, FRANCESA, GALLETAS)

STUDENTS = {
    "lucia": "Lucía Fernández",
    "carla": "Carla Gómez",
    "sofia": "Sofía Martínez",
    "martina": "Martina López",
    "valentina": "Valentina Ruiz",
}
ADMIN_EMAIL = "equipo@dulcevicio.test"


@dataclass(frozen=True)
class Corpus:
    """Where each item of the corpus lives: {(kind, title or comment key): URL path}."""

    urls: dict[tuple[str, str], str]
    admin_email: str

    def url(self, kind: str, title: str) -> str:
        return self.urls[(kind, title)]


def build_corpus(app: Flask) -> Corpus:
    """Create the corpus in the app's database (through the ORM and the forum service)
    and commit it."""
    with app.app_context():
        admin = accounts.create_account(
            email=ADMIN_EMAIL, full_name="Equipo DulceVicio", role=Role.ADMIN, password=PASSWORD
        )
        authors = {"equipo": admin}
        for name, full_name in STUDENTS.items():
            authors[name] = accounts.create_account(
                email=f"{name}@example.com", full_name=full_name, password=PASSWORD
            )
        db.session.flush()
        items: dict[tuple[str, str], tuple[str, dict]] = {}

        def add(kind: str, name: str, endpoint: str, **values) -> None:
            assert (kind, name) not in items, f"two items of the corpus are {kind}: {name}"
            items[(kind, name)] = (endpoint, values)

        for position, text in enumerate(CORPUS, start=1):
            course = Course(
                title=text.title, slug=text.slug, description=text.description, position=position
            )
            course.lessons = [
                Lesson(title=title, description=description, position=n, is_preview=n == 1)
                for n, (title, description) in enumerate(text.lessons, start=1)
            ]
            course.recipes = [
                Recipe(title=title, description=description, recipe_text=body, position=n)
                for n, (title, description, body) in enumerate(text.recipes, start=1)
            ]
            db.session.add(course)
            db.session.flush()
            add(COURSES, text.title, "catalog.course", slug=course.slug)
            for lesson in course.lessons:
                add(LESSONS, lesson.title, "learn.lesson", slug=course.slug, lesson_id=lesson.id)
            for recipe in course.recipes:
                add(RECIPES, recipe.title, "learn.recipe", slug=course.slug, recipe_id=recipe.id)
            for key, author, content, replies in text.comments:
                comment = forum.post_comment(course, authors[author], content)
                add(FORUM, key, "forum.show_comment", comment_id=comment.id)
                for reply_key, reply_author, reply in replies:
                    answer = forum.post_comment(
                        course, authors[reply_author], reply, parent_id=comment.id
                    )
                    add(FORUM, reply_key, "forum.show_comment", comment_id=answer.id)
        db.session.commit()
        with app.test_request_context():
            urls = {key: url_for(endpoint, **values) for key, (endpoint, values) in items.items()}
    return Corpus(urls, ADMIN_EMAIL)


def counts() -> dict[str, int]:
    """How many items of each kind the corpus has."""
    comments = sum(1 + len(replies) for text in CORPUS for *_, replies in text.comments)
    return {
        COURSES: len(CORPUS),
        LESSONS: sum(len(text.lessons) for text in CORPUS),
        RECIPES: sum(len(text.recipes) for text in CORPUS),
        FORUM: comments,
    }


# --- Reading the results page ----------------------------------------------------------


@dataclass
class PageHit:
    """One `li.search-hit` of a results page: its link, its text, its lock."""

    url: str = ""
    text: str = ""
    locked: bool = False
    section: str = ""  # the id its group's heading has: "grupo-recetas", ...


class _HitReader(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hits: list[PageHit] = []
        self._section = ""
        self._depth = 0  # open <li> elements inside the current hit

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "section" and attributes.get("aria-labelledby"):
            self._section = attributes["aria-labelledby"]
        if tag == "li":
            if self._depth:
                self._depth += 1
            elif "search-hit" in (attributes.get("class") or "").split():
                self.hits.append(PageHit(section=self._section))
                self._depth = 1
            return
        if not self._depth:
            return
        hit = self.hits[-1]
        if tag == "a" and not hit.url:
            hit.url = attributes.get("href") or ""
        if tag == "i" and "bi-lock-fill" in (attributes.get("class") or "").split():
            hit.locked = True

    def handle_endtag(self, tag):
        if tag == "li" and self._depth:
            self._depth -= 1

    def handle_data(self, data):
        if self._depth:
            self.hits[-1].text += data


def page_hits(html: str) -> list[PageHit]:
    """The search hits of a results page, in order."""
    reader = _HitReader()
    reader.feed(html)
    reader.close()
    for hit in reader.hits:
        hit.text = " ".join(hit.text.split())
    return reader.hits
