/**
 * Real English words for the synthetic corpus, most frequent first: function words (removed
 * by the analyser, so stopword handling is exercised) and the common words of scientific
 * abstracts (kept, so common terms with long posting lists exist as in arXiv).
 */
export const FUNCTION_WORDS = `
the of and a to in we is for that this with on by are as an be from which our these can it at
has have also been such its their than both not into or between while when where however thus
here all some each well there most may was were then them they so any very via within through
under over only other more would should these those how what whether both about after before
further therefore although since upon due per`
  .trim()
  .split(/\s+/);

export const TITLE_FUNCTION_WORDS =
  'of for the in and with on a via from to towards an using'.split(' ');

export const COMMON_WORDS = `
model show results method using based new paper data approach problem two study models
propose performance analysis learning system time present first methods different large
theory systems function order also proposed used field show quantum network state effect
structure high case number energy framework set work information algorithm distribution
between general space process small problems provide networks physical terms properties
dynamics find obtained phase single known analysis one demonstrate experimental
observed three effects simple non obtain describe low application applications recent
spin experiments evidence consider finite approaches standard efficient derived
introduce novel large scale important techniques existing training solution solutions
local linear optimal parameters particular various best level mass temperature point
technique multiple significant values value allows density tasks task source potential
main form range dimensional class equations equation free detection measurements
limit conditions higher lower random possible specific previous generalized studied
dataset datasets image images language neural deep graph graphs matrix estimate
estimation classification prediction error errors bound bounds optimization control
robust complex structures mechanism regime observations sample samples signal signals
interaction interactions transition transitions surface theoretical numerical simulations
simulation computational stability analysis fundamental accuracy improve improved
improvement evaluate evaluation benchmark demonstrates achieves state art compared
previously recently investigate investigated present presented report reported
characterize characterization construct constructed prove proof theorem conjecture
function functions operator operators space spaces group groups algebra algebras
`
  .trim()
  .split(/\s+/);

export const FIRST_NAMES = `
Wei Jing Li Ming Yan Hui Xin Lei Jun Hao Yu Chen Hiroshi Takashi Yuki Kenji Akira Sanjay Priya
Rahul Anil Deepak Arjun Kavya Ananya Mohammed Ahmed Fatima Omar Leila Hassan Ali Maria Anna
Elena Sofia Laura Marta Giulia Francesca Paolo Marco Luca Giovanni Andrea Alessandro Pierre
Jean Marie Claire Sophie Nicolas Julien Camille Thomas Hans Klaus Jurgen Stefan Andreas Katrin
Sabine Lukas Jonas Felix David Michael John James Robert William Richard Joseph Charles
Christopher Daniel Matthew Anthony Mark Paul Steven Andrew Joshua Kevin Brian George Edward
Sarah Jennifer Jessica Emily Emma Olivia Rachel Rebecca Hannah Grace Alice Ivan Dmitry Sergei
Alexei Natalia Olga Tatiana Pavel Yuri Nikolai Piotr Katarzyna Tomasz Jan Petr Lars Erik Anders
Ingrid Sven Nils Kari Mikko Juha Joao Carlos Pedro Ana Lucia Miguel Javier Diego Fernando Jose
Raul Gabriel Rafael Beatriz Ines Tiago Min-jun Ji-woo Seo-yeon Hyun Sung Jae Kwame Amara Chidi
Ngozi Tunde Yaw Ayesha Zainab Emre Mehmet Elif Ayse Cem Reza Sara Amir Nima Parisa Arash
`
  .trim()
  .split(/\s+/);

export const LAST_NAMES = `
Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo Lin He Gao Luo Tanaka
Suzuki Takahashi Watanabe Ito Yamamoto Nakamura Kobayashi Sato Kato Kim Lee Park Choi Jung Kang
Cho Yoon Jang Lim Sharma Gupta Kumar Singh Patel Reddy Iyer Nair Rao Mehta Das Banerjee
Chatterjee Mukherjee Ghosh Khan Hussain Rahman Ahmed Ali Haddad Mansour Nasser Rossi Russo
Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo Conti Martin Bernard
Dubois Durand Lefebvre Moreau Laurent Simon Michel Leroy Muller Schmidt Schneider Fischer
Weber Meyer Wagner Becker Schulz Hoffmann Koch Richter Klein Wolf Smith Johnson Williams Brown
Jones Miller Davis Wilson Anderson Taylor Thomas Moore Jackson White Harris Thompson Garcia
Martinez Robinson Clark Rodriguez Lewis Walker Hall Allen Young King Wright Scott Green Baker
Adams Nelson Hill Campbell Mitchell Roberts Carter Phillips Evans Turner Parker Collins
Edwards Stewart Morris Murphy Cook Rogers Ivanov Petrov Smirnov Kuznetsov Popov Sokolov
Lebedev Kozlov Novikov Morozov Volkov Nowak Kowalski Wisniewski Novak Svoboda Dvorak Nielsen
Hansen Jensen Larsen Andersen Johansson Karlsson Nilsson Eriksson Virtanen Korhonen Silva
Santos Ferreira Pereira Oliveira Costa Rodrigues Almeida Fernandez Lopez Gonzalez Sanchez
Perez Gomez Diaz Moreno Alvarez Romero Torres Ruiz Okafor Mensah Adeyemi Owusu Yilmaz Kaya
Demir Celik Sahin Hosseini Rahimi Karimi Moradi Ahmadi Cohen Levi Friedman Katz Shapiro
`
  .trim()
  .split(/\s+/);
